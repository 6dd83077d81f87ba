/**
 * The slots a JobMaster holds for its job (Flink's SlotPool). Slot sharing maps onto
 * them simply: slot i of group g runs subtask i of every vertex in g.
 */
import type { JobVertex } from '../graph/job-graph.js';
import type { SlotAssignment } from './execution-graph.js';

export interface PooledSlot extends SlotAssignment {
  readonly slotIndex: number;
}

export class SlotPool {
  private readonly slots: PooledSlot[] = [];

  constructor(readonly required: number) {}

  /** Takes an offered slot while the job still needs one. */
  offer(slot: PooledSlot): boolean {
    if (this.isComplete || this.slots.some((s) => s.allocationId === slot.allocationId)) return false;
    this.slots.push(slot);
    return true;
  }

  get size(): number {
    return this.slots.length;
  }

  get isComplete(): boolean {
    return this.slots.length >= this.required;
  }

  all(): readonly PooledSlot[] {
    return this.slots;
  }

  /** Drops the slots of a TaskManager that is gone. */
  removeTaskManager(taskManagerId: string): PooledSlot[] {
    const lost = this.slots.filter((s) => s.taskManagerId === taskManagerId);
    for (const slot of lost) this.slots.splice(this.slots.indexOf(slot), 1);
    return lost;
  }

  /** Which pooled slot each (vertex, subtask) gets, by slot sharing group. */
  assign(vertices: readonly JobVertex[]): Map<string, PooledSlot[]> {
    const groupSize = new Map<string, number>();
    for (const v of vertices) groupSize.set(v.slotSharingGroup, Math.max(groupSize.get(v.slotSharingGroup) ?? 0, v.parallelism));
    const groupSlots = new Map<string, PooledSlot[]>();
    let next = 0;
    for (const [group, size] of groupSize) {
      groupSlots.set(group, this.slots.slice(next, next + size));
      next += size;
    }
    const assignment = new Map<string, PooledSlot[]>();
    for (const v of vertices) assignment.set(v.id, (groupSlots.get(v.slotSharingGroup) ?? []).slice(0, v.parallelism));
    return assignment;
  }
}
