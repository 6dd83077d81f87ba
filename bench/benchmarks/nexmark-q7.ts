/**
 * nexmark-q7: Nexmark q7 (the highest bids per tumbling 10 s window) at parallelism 2 on
 * 2 slots, against Flink's published 12.33 K events/s per core (nexmark README, Flink
 * 1.13); 23 K is reported beside it. See bench/nexmark/benchmark.ts.
 */
import { runNexmarkBenchmark } from '../nexmark/benchmark.js';

await runNexmarkBenchmark({ query: 'q7', defaultEvents: 4_000_000, flinkPerCore: 12_330, flinkPerCoreHigh: 23_000 });
