/**
 * nexmark-q5: Nexmark q5 (hot items: bids per auction over 10 s windows sliding by 2 s,
 * then the auctions with the most) at parallelism 2 on 2 slots, against Flink's published
 * 22.14 K events/s per core (nexmark README, Flink 1.13); 75 K is reported beside it.
 * See bench/nexmark/benchmark.ts.
 */
import { runNexmarkBenchmark } from '../nexmark/benchmark.js';

await runNexmarkBenchmark({ query: 'q5', defaultEvents: 2_500_000, flinkPerCore: 22_140, flinkPerCoreHigh: 75_000 });
