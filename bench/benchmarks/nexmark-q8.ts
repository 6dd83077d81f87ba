/**
 * nexmark-q8: Nexmark q8 (people who opened an auction in the tumbling 10 s window they
 * registered in: a window join) at parallelism 2 on 2 slots, against Flink's published
 * 146.14 K events/s per core (nexmark README, Flink 1.13). See bench/nexmark/benchmark.ts.
 */
import { runNexmarkBenchmark } from '../nexmark/benchmark.js';

await runNexmarkBenchmark({ query: 'q8', defaultEvents: 10_000_000, flinkPerCore: 146_140 });
