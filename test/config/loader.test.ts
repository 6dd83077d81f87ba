import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  BUFFER_TIMEOUT,
  Configuration,
  DEFAULT_PARALLELISM,
  NUM_TASK_SLOTS,
  REST_PORT,
  loadConfiguration,
  parseConfigYaml,
  parseDynamicProperty,
  resolveConfDir,
} from '../../src/config/index.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'weir-config-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let dirs = 0;
/** A fresh directory holding config.yaml with the given text (or none when text is undefined). */
function confDir(text?: string): string {
  const dir = path.join(scratch, `conf-${++dirs}`);
  mkdirSync(dir);
  if (text !== undefined) writeFileSync(path.join(dir, 'config.yaml'), text);
  return dir;
}

void describe('config.yaml', () => {
  void it('reads nested and flat keys alike, and mixes them', () => {
    const nested = confDir('taskmanager:\n  numberOfTaskSlots: 4\nexecution:\n  buffer-timeout:\n    interval: 10 ms\n');
    const flat = confDir('taskmanager.numberOfTaskSlots: 4\nexecution.buffer-timeout.interval: 10 ms\n');
    const mixed = confDir('taskmanager:\n  numberOfTaskSlots: 4\nexecution.buffer-timeout.interval: 10ms\n');
    for (const dir of [nested, flat, mixed]) {
      const config = loadConfiguration({ confDir: dir, env: {} });
      assert.equal(config.get(NUM_TASK_SLOTS), 4);
      assert.equal(config.get(BUFFER_TIMEOUT), 10);
    }
  });

  void it('names the file and line of an unknown key and suggests the right one', () => {
    const dir = confDir('rest:\n  port: 8081\ntaskmanager:\n  numberOfTaskSlot: 4\n');
    assert.throws(() => loadConfiguration({ confDir: dir, env: {} }), {
      code: 'CONFIG_UNKNOWN_KEY',
      message: new RegExp(`${path.join(dir, 'config.yaml').replaceAll('\\', '\\\\')}, line 4.*did you mean 'taskmanager\\.numberOfTaskSlots'`),
    });
  });

  void it('names the file and line of a bad value', () => {
    const dir = confDir('parallelism.default: 2\nheartbeat.interval: soon\n');
    assert.throws(() => loadConfiguration({ confDir: dir, env: {} }), {
      code: 'CONFIG_INVALID_VALUE',
      message: /'soon' for 'heartbeat\.interval' \(from .*config\.yaml, line 2\)/,
    });
  });

  void it('keeps integers strict: 1.0 is not an integer, as in Flink', () => {
    assert.throws(() => parseConfigYaml('parallelism.default: 1.0\n', 'x.yaml'), { code: 'CONFIG_INVALID_VALUE' });
  });

  void it('reports malformed YAML with file and line', () => {
    const dir = confDir('rest:\n  port: 8081\n bad indent: 1\n');
    assert.throws(() => loadConfiguration({ confDir: dir, env: {} }), {
      code: 'CONFIG_FILE_INVALID',
      message: /config\.yaml, line 3: malformed YAML/,
    });
  });

  void it('refuses a key set twice, nested and flat', () => {
    assert.throws(() => parseConfigYaml('rest:\n  port: 1\nrest.port: 2\n', 'c.yaml'), {
      code: 'CONFIG_FILE_INVALID',
      message: /c\.yaml, line 3: 'rest\.port' is already set on line 2/,
    });
  });

  void it('treats an empty file, a comment-only file and an empty value as "use the defaults"', () => {
    assert.deepEqual(parseConfigYaml('', 'e.yaml').toMap(), {});
    assert.deepEqual(parseConfigYaml('# nothing yet\n', 'e.yaml').toMap(), {});
    assert.deepEqual(parseConfigYaml('web.upload.dir:\nrest.port: 1\n', 'e.yaml').toMap(), { 'rest.port': '1' });
  });

  void it('rejects a list or a top level that is not a map', () => {
    assert.throws(() => parseConfigYaml('rest.port: [1, 2]\n', 'l.yaml'), { code: 'CONFIG_FILE_INVALID', message: /is a list/ });
    assert.throws(() => parseConfigYaml('- rest.port\n', 'l.yaml'), { code: 'CONFIG_FILE_INVALID', message: /key: value/ });
  });
});

void describe('loadConfiguration', () => {
  void it('layers defaults < config.yaml < WEIR_PROPERTIES < -D', () => {
    const dir = confDir('parallelism.default: 2\nrest.port: 9000\ntaskmanager.numberOfTaskSlots: 3\n');
    const env = { WEIR_PROPERTIES: 'rest.port: 9001\nparallelism.default: 5\n' };
    const config = loadConfiguration({ confDir: dir, env, dynamicProperties: ['parallelism.default=7'] });
    assert.equal(config.get(NUM_TASK_SLOTS), 3);
    assert.equal(config.get(REST_PORT), 9001);
    assert.equal(config.get(DEFAULT_PARALLELISM), 7);
    assert.equal(config.get(BUFFER_TIMEOUT), 100);
  });

  void it('takes -D as a map too, and checks it', () => {
    assert.equal(loadConfiguration({ env: {}, cwd: scratch, dynamicProperties: { 'rest.port': '1234' } }).get(REST_PORT), 1234);
    assert.throws(() => loadConfiguration({ env: {}, cwd: scratch, dynamicProperties: ['rest.prot=1'] }), {
      code: 'CONFIG_UNKNOWN_KEY',
      message: /\(from -D rest\.prot\); did you mean 'rest\.port'/,
    });
  });

  void it('reads WEIR_PROPERTIES lines and names the variable in errors', () => {
    const config = loadConfiguration({ env: { WEIR_PROPERTIES: 'rest.port: 9001\n\nheartbeat.interval: 5 s' }, cwd: scratch });
    assert.equal(config.get(REST_PORT), 9001);
    assert.throws(() => loadConfiguration({ env: { WEIR_PROPERTIES: 'rest.port: 1\nrest.portt: 2' }, cwd: scratch }), {
      code: 'CONFIG_UNKNOWN_KEY',
      message: /environment variable WEIR_PROPERTIES, line 2/,
    });
  });

  void it('finds the directory from the argument, then WEIR_CONF_DIR, then ./conf', () => {
    const fromArg = confDir('rest.port: 1\n');
    const fromEnv = confDir('rest.port: 2\n');
    const cwd = path.join(scratch, `cwd-${++dirs}`);
    mkdirSync(path.join(cwd, 'conf'), { recursive: true });
    writeFileSync(path.join(cwd, 'conf', 'config.yaml'), 'rest.port: 3\n');
    const env = { WEIR_CONF_DIR: fromEnv };
    assert.equal(loadConfiguration({ confDir: fromArg, env, cwd }).get(REST_PORT), 1);
    assert.equal(loadConfiguration({ env, cwd }).get(REST_PORT), 2);
    assert.equal(loadConfiguration({ env: {}, cwd }).get(REST_PORT), 3);
  });

  void it('is fine with no conf directory at all, or one without config.yaml', () => {
    const empty = path.join(scratch, `cwd-${++dirs}`);
    mkdirSync(empty);
    assert.equal(resolveConfDir({ env: {}, cwd: empty }), undefined);
    assert.deepEqual(loadConfiguration({ env: {}, cwd: empty }).toMap(), {});
    assert.deepEqual(loadConfiguration({ confDir: confDir(), env: {} }).toMap(), {});
  });

  void it('refuses a named conf directory that does not exist', () => {
    const missing = path.join(scratch, 'no-such-dir');
    assert.throws(() => loadConfiguration({ confDir: missing, env: {} }), { code: 'CONFIG_FILE_INVALID', message: /no-such-dir/ });
    assert.throws(() => loadConfiguration({ env: { WEIR_CONF_DIR: missing }, cwd: scratch }), {
      code: 'CONFIG_FILE_INVALID',
      message: /WEIR_CONF_DIR/,
    });
  });
});

void describe('parseDynamicProperty', () => {
  void it('splits at the first =', () => {
    assert.deepEqual(parseDynamicProperty('rest.port=9091'), ['rest.port', '9091']);
    assert.deepEqual(parseDynamicProperty('-Dweb.upload.dir=/a=b'), ['web.upload.dir', '/a=b']);
  });

  void it('rejects a missing = or key with an example', () => {
    for (const text of ['rest.port', '=1', '']) {
      assert.throws(() => parseDynamicProperty(text), { code: 'CONFIG_INVALID_VALUE', message: /key=value.*-D parallelism\.default=4/ });
    }
  });
});

void describe('conf/config.yaml', () => {
  void it('parses, and every value it sets is the default', () => {
    const shipped = loadConfiguration({ confDir: path.resolve('conf'), env: {} });
    const defaults = Configuration.empty().effectiveMap();
    for (const [key, value] of Object.entries(shipped.toMap())) assert.equal(value, defaults[key], key);
    assert.equal(shipped.has(NUM_TASK_SLOTS), false, 'the slot count is left to the core-count default');
  });
});

void describe('combinations', () => {
  void it('rejects a heartbeat timeout shorter than the interval', () => {
    assert.throws(() => loadConfiguration({ env: {}, cwd: scratch, dynamicProperties: ['heartbeat.interval=1 min'] }), {
      code: 'CONFIG_INVALID_VALUE',
      message: /'heartbeat\.timeout' \(50 s\) is shorter than 'heartbeat\.interval' \(1 min\)/,
    });
  });

  void it('rejects internal TLS without its PEM files, naming the missing keys', () => {
    const dynamicProperties = ['security.ssl.internal.enabled=true', 'security.ssl.internal.key=/k.pem'];
    assert.throws(() => loadConfiguration({ env: {}, cwd: scratch, dynamicProperties }), {
      code: 'CONFIG_INVALID_VALUE',
      message: /'security\.ssl\.internal\.cert', 'security\.ssl\.internal\.ca' are not set/,
    });
  });
});
