/**
 * Partitioning: which downstream subtask each record goes to, for every partitioner.
 *
 *   weir run -p 4 -D taskmanager.numberOfTaskSlots=4 examples/partitioning.ts
 *
 * Each pipeline sends records 1..24 (record i has key `user-${i % 7}`) from an upstream
 * map through one partitioner into a downstream map. Both maps are rich functions: their
 * open(ctx) keeps ctx.indexOfThisSubtask, and they tag every record with it. The client
 * collects the tagged records and prints, per partitioner and downstream subtask, which
 * records arrived and from which upstream subtasks:
 *
 *   global: subtask 0 <- [1, 2, 3, …, 24] from upstream [0]
 *   rescale: subtask 2 <- [2, 6, 10, 14, 18, 22] from upstream [1]
 *
 * Where the partitioner is deterministic, so is the output:
 *
 * - forward: each record stays on its subtask index (upstream i feeds downstream i);
 * - rebalance: round robin over all downstream subtasks, from a random first one;
 * - rescale: round robin over the upstream subtask's own downstream subset; here 2
 *   upstream subtasks feed 4, so upstream 0 feeds {0, 1} and upstream 1 feeds {2, 3};
 * - shuffle: a random subtask per record;
 * - broadcast: every record to every subtask;
 * - global: everything to subtask 0;
 * - keyBy: by key group, so equal keys meet on one subtask;
 * - partitionCustom: the subtask the user's function picks, here `Math.floor(id / 10) % n`.
 */
import { StreamExecutionEnvironment, type DataStream, type RuntimeContext } from 'weir';

interface Item {
  readonly id: number;
  readonly key: string;
  /** The upstream subtask that sent the record. */
  readonly from?: number;
  /** The downstream subtask that received it. */
  readonly to?: number;
}

const ITEMS: readonly Item[] = Array.from({ length: 24 }, (_, i) => ({ id: i + 1, key: `user-${(i + 1) % 7}` }));

/** A rich map that tags each record with the index of the subtask it runs in. */
class TagWithSubtask {
  private subtask = -1;

  constructor(private readonly field: 'from' | 'to') {}

  open(ctx: RuntimeContext): void {
    this.subtask = ctx.indexOfThisSubtask;
  }

  map(item: Item): Item {
    return { ...item, [this.field]: this.subtask };
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const parallelism = env.getParallelism();

/** The upstream side: the items, spread round robin over `upstreamParallelism` tagging subtasks. */
function upstream(upstreamParallelism: number): DataStream<Item> {
  return env.fromData(ITEMS).rebalance().map(new TagWithSubtask('from')).name('upstream').setParallelism(upstreamParallelism);
}

/** Each partitioner, applied between an upstream and the downstream tagging map. */
const PIPELINES: Record<string, () => DataStream<Item>> = {
  forward: () => upstream(parallelism).forward(),
  rebalance: () => upstream(1).rebalance(),
  rescale: () => upstream(Math.max(1, Math.floor(parallelism / 2))).rescale(),
  shuffle: () => upstream(1).shuffle(),
  broadcast: () => upstream(1).broadcast(),
  global: () => upstream(1).global(),
  keyBy: () => upstream(1).keyBy((item) => item.key),
  partitionCustom: () => upstream(1).partitionCustom((id: number, n) => Math.floor(id / 10) % n, (item) => item.id),
};

for (const [name, partitioned] of Object.entries(PIPELINES)) {
  const received = await partitioned()
    .map(new TagWithSubtask('to'))
    .name(`downstream (${name})`)
    // Kept out of the upstream's chain, so even forward records cross a channel.
    .disableChaining()
    .executeAndCollect(undefined, `partitioning: ${name}`);

  const bySubtask = new Map<number, Item[]>();
  for (const item of received) bySubtask.set(item.to ?? -1, [...(bySubtask.get(item.to ?? -1) ?? []), item]);
  for (const subtask of [...bySubtask.keys()].sort((a, b) => a - b)) {
    const items = bySubtask.get(subtask) ?? [];
    const ids = items.map((item) => item.id).sort((a, b) => a - b);
    const senders = [...new Set(items.map((item) => item.from ?? -1))].sort((a, b) => a - b);
    console.log(`${name}: subtask ${subtask} <- [${ids.join(', ')}] from upstream [${senders.join(', ')}]`);
  }
}
