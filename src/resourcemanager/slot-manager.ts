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
  /** Slots still to be assigned. */
  missing: number;
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

  declare(requirement: Omit<JobRequirement, 'missing'>, slots: number): void {
    const held = [...this.slots.values()].filter((s) => s.allocation?.jobId === requirement.jobId).length;
    this.requirements.set(requirement.jobId, { ...requirement, missing: Math.max(0, slots - held) });
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
      while (job.missing > 0 && free.length > 0) {
        const slot = free.shift() as SlotState;
        const allocationId = this.newAllocationId();
        slot.allocation = { allocationId, jobId: job.jobId };
        job.missing--;
        decisions.push({ slot: slot.id, allocationId, job });
      }
    }
    return decisions;
  }

  /** A slot request that failed: the slot is free again and the job still needs it. */
  revert(decision: SlotAssignmentDecision): void {
    const slot = this.slots.get(slotKey(decision.slot.resourceId, decision.slot.slotIndex));
    if (slot?.allocation?.allocationId === decision.allocationId) slot.allocation = undefined;
    const job = this.requirements.get(decision.job.jobId);
    if (job !== undefined) job.missing++;
  }

  get totalSlots(): number {
    return this.slots.size;
  }

  get freeSlots(): number {
    return [...this.slots.values()].filter((s) => s.allocation === undefined).length;
  }

  pendingJobs(): readonly JobRequirement[] {
    return [...this.requirements.values()].filter((r) => r.missing > 0);
  }
}

function slotKey(resourceId: string, slotIndex: number): string {
  return `${resourceId}#${slotIndex}`;
}
