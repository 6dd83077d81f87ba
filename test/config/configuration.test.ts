import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, it } from 'node:test';
import {
  ALL_OPTIONS,
  BUFFER_TIMEOUT,
  CHECKPOINTS_DIRECTORY,
  Configuration,
  DEFAULT_PARALLELISM,
  HEARTBEAT_INTERVAL,
  MEMORY_SEGMENT_SIZE,
  NETWORK_FLOATING_BUFFERS_PER_GATE,
  NUM_TASK_SLOTS,
  RESTART_STRATEGY,
  REST_PORT,
  RPC_ASK_TIMEOUT,
  TASK_HEAP_MEMORY,
  TASK_MANAGER_HOST,
  findOption,
  slotHeapSize,
} from '../../src/config/index.js';

void describe('Configuration', () => {
  void it('reads defaults when nothing is set, with Flink semantics and Weir’s choices', () => {
    const config = Configuration.empty();
    assert.equal(config.get(DEFAULT_PARALLELISM), 1);
    assert.equal(config.get(BUFFER_TIMEOUT), 100);
    // Flink's 32 KiB buffers; Weir's 32 floating buffers (Flink 8), because a slot's tasks share its thread.
    assert.equal(config.get(MEMORY_SEGMENT_SIZE), 32 * 1024);
    assert.equal(config.get(NETWORK_FLOATING_BUFFERS_PER_GATE), 32);
    assert.equal(config.get(HEARTBEAT_INTERVAL), 10_000);
    assert.equal(config.get(NUM_TASK_SLOTS), os.availableParallelism());
    assert.equal(config.get(TASK_MANAGER_HOST), undefined);
    assert.equal(config.get(RESTART_STRATEGY), 'none');
    assert.equal(config.has(REST_PORT), false);
  });

  void it('parses typed values from strings and keeps them as set', () => {
    const config = Configuration.fromMap({ 'rest.port': '9091', 'heartbeat.interval': '5 s', 'taskmanager.memory.segment-size': '64kb' });
    assert.equal(config.get(REST_PORT), 9091);
    assert.equal(config.get(HEARTBEAT_INTERVAL), 5_000);
    assert.equal(config.get(MEMORY_SEGMENT_SIZE), 65_536);
    assert.equal(config.getOptional(REST_PORT), 9091);
    assert.equal(config.getOptional(DEFAULT_PARALLELISM), undefined);
    assert.ok(config.has('rest.port'));
  });

  void it('rejects an unknown key, naming its source and the nearest valid key', () => {
    assert.throws(
      () => Configuration.fromMap({ 'taskmanager.numberOfTaskSlot': '4' }, { source: '/etc/weir/config.yaml, line 3' }),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.equal((error as { code?: unknown }).code, 'CONFIG_UNKNOWN_KEY');
        assert.match(error.message, /'taskmanager\.numberOfTaskSlot'/);
        assert.match(error.message, /\/etc\/weir\/config\.yaml, line 3/);
        assert.match(error.message, /did you mean 'taskmanager\.numberOfTaskSlots'\?/);
        return true;
      },
    );
  });

  void it('suggests nothing for a key unlike any other, and advice for Flink keys Weir replaced', () => {
    assert.throws(() => Configuration.fromMap({ 'metrics.reporters': 'prom' }), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.doesNotMatch(error.message, /did you mean/);
      return true;
    });
    assert.throws(() => Configuration.fromMap({ 'security.ssl.internal.keystore': '/x.jks' }), {
      code: 'CONFIG_UNKNOWN_KEY',
      message: /security\.ssl\.internal\.key' and 'security\.ssl\.internal\.cert'/,
    });
  });

  void it('rejects a bad value when loading, not when first read', () => {
    assert.throws(() => Configuration.fromMap({ 'rest.port': 'eighty' }, { source: '-D rest.port' }), {
      code: 'CONFIG_INVALID_VALUE',
      message: /'eighty' for 'rest\.port' \(from -D rest\.port\)/,
    });
    assert.throws(() => Configuration.fromMap({ 'rest.port': '70000' }), { code: 'CONFIG_INVALID_VALUE', message: /between 0 and 65535/ });
    assert.throws(() => Configuration.fromMap({ 'parallelism.default': '0' }), { code: 'CONFIG_INVALID_VALUE', message: /at least 1/ });
    assert.throws(() => Configuration.fromMap({ 'web.submit.enable': 'yes' }), { code: 'CONFIG_INVALID_VALUE', message: /'true' or 'false'/ });
    assert.throws(() => Configuration.fromMap({ 'resourcemanager.driver': 'kubernetes' }), {
      code: 'CONFIG_INVALID_VALUE',
      message: /'standalone', 'process'/,
    });
  });

  void it('matches enums in any case and accepts Flink’s alternative spellings', () => {
    assert.equal(Configuration.fromMap({ 'restart-strategy.type': 'Fixed-Delay' }).get(RESTART_STRATEGY), 'fixed-delay');
    assert.equal(Configuration.fromMap({ 'restart-strategy.type': 'failurerate' }).get(RESTART_STRATEGY), 'failure-rate');
    assert.equal(Configuration.fromMap({ 'restart-strategy.type': 'off' }).get(RESTART_STRATEGY), 'none');
  });

  void it('reads deprecated Flink names under the current key, the current key winning', () => {
    const old = Configuration.fromMap({ 'execution.buffer-timeout': '5 ms', 'state.checkpoints.dir': '/cp', 'pekko.ask.timeout': '30 s' });
    assert.equal(old.get(BUFFER_TIMEOUT), 5);
    assert.equal(old.get(CHECKPOINTS_DIRECTORY), '/cp');
    assert.equal(old.get(RPC_ASK_TIMEOUT), 30_000);
    assert.ok(old.has('execution.buffer-timeout'));
    assert.deepEqual(Object.keys(old.toMap()).sort(), ['execution.buffer-timeout.interval', 'execution.checkpointing.dir', 'rpc.ask.timeout']);

    const both = Configuration.fromMap({ 'execution.buffer-timeout.interval': '7 ms', 'execution.buffer-timeout': '5 ms' });
    assert.equal(both.get(BUFFER_TIMEOUT), 7);
  });

  void it('derives defaults from other options', () => {
    const slots = Configuration.fromMap({ 'taskmanager.numberOfTaskSlots': '4' });
    assert.equal(slots.get(TASK_HEAP_MEMORY), 4 * 512 * 1024 ** 2);
    assert.equal(slotHeapSize(slots), 512 * 1024 ** 2);
    const sized = Configuration.fromMap({ 'taskmanager.numberOfTaskSlots': '4', 'taskmanager.memory.task.heap.size': '1 gb' });
    assert.equal(slotHeapSize(sized), 256 * 1024 ** 2);
    assert.equal(Configuration.fromMap({ 'execution.checkpointing.interval': '1 min' }).get(RESTART_STRATEGY), 'exponential-delay');
  });

  void it('set returns a checked copy and leaves the original alone', () => {
    const base = Configuration.fromMap({ 'rest.port': '9091' });
    const changed = base.set(DEFAULT_PARALLELISM, 4).set(BUFFER_TIMEOUT, 250);
    assert.equal(changed.get(DEFAULT_PARALLELISM), 4);
    assert.equal(changed.get(REST_PORT), 9091);
    assert.equal(base.has(DEFAULT_PARALLELISM), false);
    assert.deepEqual(changed.toMap(), { 'rest.port': '9091', 'parallelism.default': '4', 'execution.buffer-timeout.interval': '250 ms' });
    assert.throws(() => base.set(DEFAULT_PARALLELISM, 0), { code: 'CONFIG_INVALID_VALUE' });
  });

  void it('withOverrides lays explicitly set values over the base', () => {
    const merged = Configuration.fromMap({ 'rest.port': '1', 'parallelism.default': '2' }).withOverrides(
      Configuration.fromMap({ 'rest.port': '3' }),
    );
    assert.deepEqual(merged.toMap(), { 'rest.port': '3', 'parallelism.default': '2' });
  });

  void it('toMap round-trips through fromMap; effectiveMap lists every option with a value', () => {
    const config = Configuration.fromMap({ 'taskmanager.memory.segment-size': '65536', 'heartbeat.timeout': '120000' });
    assert.deepEqual(config.toMap(), { 'taskmanager.memory.segment-size': '64 kb', 'heartbeat.timeout': '2 min' });
    assert.deepEqual(Configuration.fromMap(config.toMap()).toMap(), config.toMap());

    const effective = config.effectiveMap();
    assert.equal(effective['taskmanager.memory.segment-size'], '64 kb');
    assert.equal(effective['rest.port'], '8081');
    assert.equal(effective['taskmanager.numberOfTaskSlots'], String(os.availableParallelism()));
    assert.equal('taskmanager.host' in effective, false);
    assert.doesNotThrow(() => Configuration.fromMap(effective));
  });

  void it('effectiveMap masks secrets, toMap keeps them for passing on', () => {
    const config = Configuration.fromMap({ 'security.ssl.internal.key-password': 'hunter2' });
    assert.equal(config.effectiveMap()['security.ssl.internal.key-password'], '******');
    assert.equal(config.toMap()['security.ssl.internal.key-password'], 'hunter2');
  });

  void it('every option’s key is unique and its static default is valid for its own type', () => {
    const keys = ALL_OPTIONS.flatMap((option) => [option.key, ...(option.deprecatedKeys ?? [])]);
    assert.equal(new Set(keys).size, keys.length);
    for (const option of ALL_OPTIONS) assert.equal(findOption(option.key), option);
    assert.doesNotThrow(() => Configuration.fromMap(Configuration.empty().effectiveMap()));
  });
});
