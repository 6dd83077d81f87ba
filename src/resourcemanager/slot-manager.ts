/**
 * Which TaskManager slots are free and which job waits for how many (Flink's
 * declarative SlotManager). It decides; the ResourceManager carries the decisions out.
 */
export interface SlotId {
  readonly resourceId: string;
  readonly slotIndex: number;
}

export interface JobRequirement {
  readonly jobId: string;
  readonly jobMasterId: string;
  readonly jobMasterAddress: string;
  /** Slots the job needs in all; what it misses is this less what it holds. */
  readonly required: number;
}

export interface SlotAssignmentDecision {
  readonly slot: SlotId;
  readonly allocationId: string;
  readonly job: JobRequirement;
}

interface SlotState {
  readonly id: SlotId;
  allocation: { readonly allocationId: string; readonly jobId: string } | undefined;
}

export class SlotManager {
  private readonly slots = new Map<string, SlotState>();
  private readonly requirements = new Map<string, JobRequirement>();

  constructor(private readonly newAllocationId: () => string) {}

  registerTaskManager(resourceId: string, numberOfSlots: number): void {
    for (let i = 0; i < numberOfSlots; i++) {
      const key = slotKey(resourceId, i);
      if (!this.slots.has(key)) this.slots.set(key, { id: { resourceId, slotIndex: i }, allocation: undefined });
    }
  }

  /** Forgets a TaskManager; returns the jobs that had slots there. */
  unregisterTaskManager(resourceId: string): string[] {
    const jobs = new Set<string>();
    for (const [key, slot] of this.slots) {
      if (slot.id.resourceId !== resourceId) continue;
      if (slot.allocation !== undefined) jobs.add(slot.allocation.jobId);
      this.slots.delete(key);
    }
    return [...jobs];
  }

  declare(requirement: JobRequirement): void {
    this.requirements.set(requirement.jobId, requirement);
  }

  requirementOf(jobId: string): JobRequirement | undefined {
    return this.requirements.get(jobId);
  }

  missingSlots(jobId: string): number {
    const requirement = this.requirements.get(jobId);
    return requirement === undefined ? 0 : Math.max(0, requirement.required - this.heldBy(jobId));
  }

  private heldBy(jobId: string): number {
    let held = 0;
    for (const slot of this.slots.values()) if (slot.allocation?.jobId === jobId) held++;
    return held;
  }

  removeJob(jobId: string): void {
    this.requirements.delete(jobId);
  }

  freeSlot(resourceId: string, slotIndex: number, allocationId: string): boolean {
    const slot = this.slots.get(slotKey(resourceId, slotIndex));
    if (slot?.allocation?.allocationId !== allocationId) return false;
    slot.allocation = undefined;
    return true;
  }

  /** Assigns free slots to waiting jobs, oldest requirement first. */
  assignFreeSlots(): SlotAssignmentDecision[] {
    const decisions: SlotAssignmentDecision[] = [];
    const free = [...this.slots.values()].filter((s) => s.allocation === undefined);
    for (const job of this.requirements.values()) {
      let missing = this.missingSlots(job.jobId);
      while (missing > 0 && free.length > 0) {
        const slot = free.shift() as SlotState;
        const allocationId = this.newAllocationId();
        slot.allocation = { allocationId, jobId: job.jobId };
        missing--;
        decisions.push({ slot: slot.id, allocationId, job });
      }
    }
    return decisions;
  }

  /** A slot request that failed: the slot is free again and the job still misses it. */
  revert(decision: SlotAssignmentDecision): void {
    const slot = this.slots.get(slotKey(decision.slot.resourceId, decision.slot.slotIndex));
    if (slot?.allocation?.allocationId === decision.allocationId) slot.allocation = undefined;
  }

  slotsOf(resourceId: string): { index: number; jobId: string | null; allocationId: string | null }[] {
    return [...this.slots.values()]
      .filter((s) => s.id.resourceId === resourceId)
      .sort((a, b) => a.id.slotIndex - b.id.slotIndex)
      .map((s) => ({ index: s.id.slotIndex, jobId: s.allocation?.jobId ?? null, allocationId: s.allocation?.allocationId ?? null }));
  }

  get totalSlots(): number {
    return this.slots.size;
  }

  get freeSlots(): number {
    return [...this.slots.values()].filter((s) => s.allocation === undefined).length;
  }

  /** Slots that jobs wait for and no free slot can give. */
  unmetSlots(): number {
    let missing = 0;
    for (const job of this.requirements.values()) missing += this.missingSlots(job.jobId);
    return Math.max(0, missing - this.freeSlots);
  }

  jobsOn(resourceId: string): string[] {
    const jobs = new Set<string>();
    for (const slot of this.slots.values()) if (slot.id.resourceId === resourceId && slot.allocation) jobs.add(slot.allocation.jobId);
    return [...jobs];
  }

  /** True when none of the TaskManager's slots is allocated. */
  isIdle(resourceId: string): boolean {
    return this.jobsOn(resourceId).length === 0;
  }
}

function slotKey(resourceId: string, slotIndex: number): string {
  return `${resourceId}#${slotIndex}`;
}
