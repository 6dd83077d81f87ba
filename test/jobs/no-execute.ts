/**
 * A program that builds a pipeline but never calls execute(): `weir info` has no job to
 * describe and must say so (test/cli/info.test.ts).
 */
import { StreamExecutionEnvironment } from 'weir';

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, 10)
  .map((n) => n * 2)
  .print();
