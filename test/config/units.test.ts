import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, formatMemorySize, parseDuration, parseMemorySize } from '../../src/config/index.js';

void describe('parseDuration', () => {
  void it('reads every Flink unit, with or without a space, and a bare number as milliseconds', () => {
    const cases: [string, number][] = [
      ['100', 100],
      ['100 ms', 100],
      ['100ms', 100],
      ['500 milli', 500],
      ['2 millis', 2],
      ['10 s', 10_000],
      ['3 sec', 3_000],
      ['1 second', 1_000],
      ['5 seconds', 5_000],
      ['1 min', 60_000],
      ['2m', 120_000],
      ['3 minutes', 180_000],
      ['2 h', 7_200_000],
      ['1 hour', 3_600_000],
      ['1d', 86_400_000],
      ['2 days', 172_800_000],
      ['1500 us', 1.5],
      ['2 µs', 0.002],
      ['1000000 ns', 1],
      ['  10 S  ', 10_000],
      ['0', 0],
    ];
    for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
  });

  void it('rejects fractions, signs and unknown units with an example of a good value', () => {
    for (const text of ['1.5 s', '-1 s', 's', '', '10 sex', '10 s 5 ms']) {
      assert.throws(() => parseDuration(text), { code: 'CONFIG_INVALID_VALUE', message: /'10 s'/ }, text);
    }
  });

  void it('names the key and where the value came from', () => {
    assert.throws(() => parseDuration('10 sex', { key: 'heartbeat.interval', origin: '-D heartbeat.interval' }), {
      code: 'CONFIG_INVALID_VALUE',
      message: /'10 sex' for 'heartbeat\.interval' \(from -D heartbeat\.interval\): unknown time unit 'sex'/,
    });
  });

  void it('formats in the largest whole unit, and the text parses back', () => {
    const cases: [number, string][] = [
      [100, '100 ms'],
      [10_000, '10 s'],
      [300_000, '5 min'],
      [7_200_000, '2 h'],
      [86_400_000, '1 d'],
      [0, '0 ms'],
      [1.5, '1500 us'],
    ];
    for (const [ms, text] of cases) {
      assert.equal(formatDuration(ms), text);
      assert.equal(parseDuration(text), ms);
    }
  });
});

void describe('parseMemorySize', () => {
  void it('reads Flink units, all binary, and a bare number as bytes', () => {
    const cases: [string, number][] = [
      ['1024', 1024],
      ['10 b', 10],
      ['32kb', 32_768],
      ['32 kb', 32_768],
      ['32k', 32_768],
      ['2 kibibytes', 2048],
      ['512m', 512 * 1024 ** 2],
      ['512 MB', 512 * 1024 ** 2],
      ['1 mebibytes', 1024 ** 2],
      ['1g', 1024 ** 3],
      ['1 gb', 1024 ** 3],
      ['2 t', 2 * 1024 ** 4],
      ['1 tb', 1024 ** 4],
      ['4 MiB', 4 * 1024 ** 2],
    ];
    for (const [text, bytes] of cases) assert.equal(parseMemorySize(text), bytes, text);
  });

  void it('rejects fractions and unknown units with an example of a good value', () => {
    for (const text of ['1.5 gb', '-1', '32 kilos', 'mb', '']) {
      assert.throws(() => parseMemorySize(text), { code: 'CONFIG_INVALID_VALUE', message: /'32 kb'/ }, text);
    }
  });

  void it('formats in the largest whole unit, and the text parses back', () => {
    const cases: [number, string][] = [
      [32_768, '32 kb'],
      [100 * 1024 ** 2, '100 mb'],
      [1024 ** 3, '1 gb'],
      [1000, '1000 b'],
      [0, '0 b'],
    ];
    for (const [bytes, text] of cases) {
      assert.equal(formatMemorySize(bytes), text);
      assert.equal(parseMemorySize(text), bytes);
    }
  });
});
