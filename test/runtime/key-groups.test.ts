import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { WeirError } from '../../src/core/errors.js';
import { Point } from '../support/point.js';
import {
  assignKeyToParallelOperator,
  assignToKeyGroup,
  computeDefaultMaxParallelism,
  computeKeyGroupRangeForOperatorIndex,
  computeOperatorIndexForKeyGroup,
  keyHashCode,
  murmurHash,
} from '../../src/runtime/partitioning/key-groups.js';

/**
 * Expected values come from running the Java algorithms on a JVM: `X.hashCode()` of the
 * equivalent Java value (`String`, `Integer`, `Long`, `Double`, `Boolean`, Flink's
 * `Tuple2`/`Tuple3`, `HashMap`, `HashSet`, `java.util.Date`), Flink's
 * `MathUtils.murmurHash`, and `murmurHash(h) % 128`, `% 4096`.
 */
const JAVA_CASES: ReadonlyArray<readonly [label: string, key: unknown, hash: number, murmur: number, keyGroup128: number, keyGroup4096: number]> = [
  ['String "hello"', 'hello', 99162322, 1715862179, 35, 2723],
  ['String ""', '', 0, 593689054, 94, 2526],
  ['String "Aa"', 'Aa', 2112, 506449132, 108, 3308],
  ['String "BB" (collides with "Aa")', 'BB', 2112, 506449132, 108, 3308],
  ['String "word"', 'word', 3655434, 304538205, 93, 605],
  ['String with non-ASCII and a surrogate pair', 'héllo 😀', 395407605, 1148821344, 96, 3936],
  ['String that overflows int32', 'The quick brown fox jumps over the lazy dog', -609428141, 1974296731, 27, 155],
  ['Integer 0', 0, 0, 593689054, 94, 2526],
  ['Integer 1', 1, 1, 68075478, 86, 4054],
  ['Integer -1', -1, -1, 1982413648, 80, 2896],
  ['Integer 42', 42, 42, 1134849565, 29, 3613],
  ['Integer.MAX_VALUE', 2147483647, 2147483647, 1653689534, 62, 3262],
  ['Integer.MIN_VALUE', -2147483648, -2147483648, 1718298732, 108, 2156],
  ['Long 2^32', 2 ** 32, 1, 68075478, 86, 4054],
  ['Long 2^31', 2 ** 31, -2147483648, 1718298732, 108, 2156],
  ['Long -2^31 - 1', -(2 ** 31) - 1, -2147483648, 1718298732, 108, 2156],
  ['Long 1700000000000 (epoch millis)', 1700000000000, -807048821, 1892790720, 64, 448],
  ['Long -1700000000000', -1700000000000, -807049612, 809061386, 10, 3082],
  ['Long 2^53 - 1', Number.MAX_SAFE_INTEGER, -2097152, 226258121, 73, 3273],
  ['Long -(2^53 - 1)', Number.MIN_SAFE_INTEGER, -2097151, 178321549, 13, 2189],
  ['Double 0.5', 0.5, 1071644672, 241279884, 12, 908],
  ['Double 1.5', 1.5, 1073217536, 1684538177, 65, 833],
  ['Double -2.75', -2.75, -1073348608, 677685070, 78, 1870],
  ['Double 3.14159', 3.14159, -1340954729, 418874799, 47, 1455],
  ['Double NaN', NaN, 2146959360, 1585394089, 41, 425],
  ['Double +Infinity', Infinity, 2146435072, 663429370, 122, 250],
  ['Double -Infinity', -Infinity, -1048576, 424838734, 78, 1614],
  ['Double 1e20 (an integer beyond 2^53)', 1e20, 1017127773, 1398386920, 104, 232],
  ['Double 2^53', 2 ** 53, 1128267776, 1385438488, 24, 3352],
  ['Boolean true', true, 1231, 1090530765, 77, 3533],
  ['Boolean false', false, 1237, 1530821891, 3, 3331],
  ['Long.MAX_VALUE as bigint', 2n ** 63n - 1n, -2147483648, 1718298732, 108, 2156],
  ['Long.MIN_VALUE as bigint', -(2n ** 63n), -2147483648, 1718298732, 108, 2156],
  ['Long -1 as bigint (differs from Integer -1)', -1n, 0, 593689054, 94, 2526],
  ['bigint 2^64 + 5 keeps its low 64 bits', 2n ** 64n + 5n, 5, 236698494, 126, 2942],
  ['bigint 12345678901234567890 (wraps as a Java long)', 12345678901234567890n, 1078698846, 243109454, 78, 3662],
  ['Tuple2("word", 1)', ['word', 1], 113318455, 1071916037, 5, 1029],
  ['Tuple3("hello", 42, true)', ['hello', 42, true], 805713463, 506791481, 57, 1593],
  ['Tuple2(null, "x")', [null, 'x'], 120, 2120728247, 55, 3767],
  ['Tuple2(Tuple2("a", 1), "b")', [['a', 1], 'b'], 93346, 1407891368, 40, 1960],
  ['HashMap {auction=1000, channel=web}', { auction: 1000, channel: 'web' }, 77042690, 1297926504, 104, 2408],
  ['Date(1700000000000)', new Date(1700000000000), -807048821, 1892790720, 64, 448],
  ['HashSet {"a", 7}', new Set<unknown>(['a', 7]), 104, 1981640474, 26, 3866],
];

void describe('keyHashCode, murmurHash and assignToKeyGroup match Flink on the JVM', () => {
  for (const [label, key, hash, murmur, keyGroup128, keyGroup4096] of JAVA_CASES) {
    void it(label, () => {
      assert.equal(keyHashCode(key), hash, 'hashCode');
      assert.equal(murmurHash(hash), murmur, 'MathUtils.murmurHash');
      assert.equal(assignToKeyGroup(key, 128), keyGroup128, 'key group at max parallelism 128');
      assert.equal(assignToKeyGroup(key, 4096), keyGroup4096, 'key group at max parallelism 4096');
    });
  }

  void it('places integers 0..15 in the key groups Flink does at max parallelism 128', () => {
    const groups = Array.from({ length: 16 }, (_, i) => assignToKeyGroup(i, 128));
    assert.deepEqual(groups, [94, 86, 127, 113, 7, 126, 18, 113, 15, 51, 67, 102, 50, 1, 27, 70]);
  });

  void it('assigns "hello" to subtask 1 of 4 at max parallelism 128 (key group 35)', () => {
    assert.equal(assignKeyToParallelOperator('hello', 128, 4), 1);
    assert.equal(computeOperatorIndexForKeyGroup(128, 4, 35), 1);
  });
});

void describe('keyHashCode', () => {
  void it('hashes -0 as 0, since -0 === 0 and the serializer turns -0 into 0', () => {
    assert.equal(keyHashCode(-0), 0);
    assert.equal(assignToKeyGroup(-0, 128), assignToKeyGroup(0, 128));
  });

  void it('gives equal hashes to equal keys built differently', () => {
    assert.equal(keyHashCode({ a: 1, b: 'x' }), keyHashCode({ b: 'x', a: 1 }));
    assert.equal(keyHashCode(['k', 1]), keyHashCode(['k', 1]));
    assert.equal(keyHashCode(7n), keyHashCode(7));
    assert.equal(keyHashCode(2n ** 40n), keyHashCode(2 ** 40));
    assert.equal(keyHashCode(new Map<string, unknown>([['auction', 1000], ['channel', 'web']])), keyHashCode({ auction: 1000, channel: 'web' }));
  });

  void it('hashes a class instance like the plain object it becomes after crossing a task', () => {
    assert.equal(keyHashCode(new Point(1, 2)), keyHashCode({ x: 1, y: 2 }));
  });

  void it('hashes null and undefined as 0 (a null tuple field)', () => {
    assert.equal(keyHashCode(null), 0);
    assert.equal(keyHashCode(undefined), 0);
    assert.equal(keyHashCode([undefined, 'x']), 120);
  });

  void it('refuses functions and symbols, and cyclic keys, with USER_FUNCTION_FAILED', () => {
    const isUserFunctionFailure = (error: unknown): boolean => error instanceof WeirError && error.code === 'USER_FUNCTION_FAILED';
    assert.throws(() => keyHashCode(() => 1), isUserFunctionFailure);
    assert.throws(() => keyHashCode(['a', Symbol('s')]), isUserFunctionFailure);
    const cyclic: unknown[] = ['a'];
    cyclic.push(cyclic);
    assert.throws(() => keyHashCode(cyclic), isUserFunctionFailure);
  });
});

void describe('assignToKeyGroup', () => {
  void it('refuses null and undefined keys, as Flink does', () => {
    for (const key of [null, undefined]) {
      assert.throws(
        () => assignToKeyGroup(key, 128),
        (error: unknown) => error instanceof WeirError && error.code === 'USER_FUNCTION_FAILED' && error.message.includes(String(key)),
      );
      assert.throws(() => assignKeyToParallelOperator(key, 128, 4), WeirError);
    }
  });

  void it('always lands in [0, maxParallelism)', () => {
    for (let i = 0; i < 10_000; i++) {
      const group = assignToKeyGroup(`key-${i}`, 7);
      assert.ok(group >= 0 && group < 7);
    }
  });
});

void describe('computeKeyGroupRangeForOperatorIndex', () => {
  function checkTiling(maxParallelism: number, parallelism: number): void {
    let next = 0;
    for (let i = 0; i < parallelism; i++) {
      const { start, end } = computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, i);
      assert.equal(start, next, `subtask ${i} of ${parallelism} starts where subtask ${i - 1} ended`);
      assert.ok(end >= start, `subtask ${i} of ${parallelism} owns at least one key group`);
      for (let group = start; group <= end; group++) {
        assert.equal(computeOperatorIndexForKeyGroup(maxParallelism, parallelism, group), i, `key group ${group}`);
      }
      next = end + 1;
    }
    assert.equal(next, maxParallelism, 'the ranges end at maxParallelism - 1');
  }

  void it('tiles [0, 128) without gaps or overlap for parallelism 1..8, consistent with computeOperatorIndexForKeyGroup', () => {
    for (let parallelism = 1; parallelism <= 8; parallelism++) checkTiling(128, parallelism);
  });

  void it('tiles other max parallelisms too', () => {
    for (const [maxParallelism, parallelism] of [[1, 1], [7, 3], [10, 10], [4096, 13], [32768, 7]] as const) {
      checkTiling(maxParallelism, parallelism);
    }
  });

  void it('gives the ranges Flink gives for 128 key groups over 3 subtasks', () => {
    assert.deepEqual(
      [0, 1, 2].map((i) => computeKeyGroupRangeForOperatorIndex(128, 3, i)),
      [{ start: 0, end: 42 }, { start: 43, end: 85 }, { start: 86, end: 127 }],
    );
  });

  void it('refuses a parallelism above the max parallelism, or out of bounds', () => {
    assert.throws(() => computeKeyGroupRangeForOperatorIndex(4, 8, 0), WeirError);
    assert.throws(() => computeKeyGroupRangeForOperatorIndex(128, 0, 0), WeirError);
    assert.throws(() => computeKeyGroupRangeForOperatorIndex(40000, 4, 0), WeirError);
    assert.throws(() => computeKeyGroupRangeForOperatorIndex(128, 4, 4), WeirError);
  });
});

void describe('computeDefaultMaxParallelism', () => {
  void it('rounds 1.5 x parallelism up to a power of two within [128, 32768], as Flink', () => {
    assert.equal(computeDefaultMaxParallelism(1), 128);
    assert.equal(computeDefaultMaxParallelism(85), 128);
    assert.equal(computeDefaultMaxParallelism(86), 256);
    assert.equal(computeDefaultMaxParallelism(1000), 2048);
    assert.equal(computeDefaultMaxParallelism(30000), 32768);
  });
});
