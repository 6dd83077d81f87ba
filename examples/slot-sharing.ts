/**
 * Slot sharing: operators in the same slot sharing group may run in one slot, so a group
 * needs as many slots as its highest parallelism, and all operators share the group
 * 'default' unless told otherwise. Putting an operator in its own group with
 * `slotSharingGroup('g2')` keeps it out of the other operators' slots (isolating a heavy
 * step) and breaks the chain there, at the price of more slots. A job needs the sum over
 * its groups: here 1 (default: the source) + 1 (g2: the aggregation) + 2 (g3: map and sink) = 4.
 *
 *   weir info examples/slot-sharing.ts
 *     … "slots": { "required": 4, "groups": { "default": 1, "g2": 1, "g3": 2 } }
 *   weir run -D taskmanager.numberOfTaskSlots=4 examples/slot-sharing.ts
 *
 * The keyed aggregation stands where Flink's classic example has a window: it keeps the
 * hottest reading per sensor and emits it after every reading.
 */
import { StreamExecutionEnvironment } from 'weir';

type Reading = [sensor: string, celsius: number];

const READINGS: readonly Reading[] = [
  ['kitchen', 21],
  ['garage', 9],
  ['kitchen', 22],
  ['attic', 27],
  ['garage', 11],
  ['kitchen', 20],
  ['attic', 29],
  ['garage', 10],
];

const env = StreamExecutionEnvironment.getExecutionEnvironment();

env
  .fromData(READINGS)
  .name('readings')
  .keyBy(([sensor]) => sensor)
  .reduce((hottest, reading) => (reading[1] > hottest[1] ? reading : hottest))
  .name('aggregate')
  .setParallelism(1)
  .slotSharingGroup('g2')
  .map(([sensor, celsius]) => `${sensor}: hottest so far ${celsius} °C`)
  .name('format')
  .setParallelism(2)
  .slotSharingGroup('g3')
  .print()
  .setParallelism(1)
  .slotSharingGroup('g3');

await env.execute('Slot sharing');
