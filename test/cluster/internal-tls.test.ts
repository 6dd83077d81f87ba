/**
 * security.ssl.internal.* end to end: a JobManager and two TaskManager processes whose
 * RPC and data connections are all mutually authenticated TLS, opened with an encrypted
 * key and its passphrase. A keyBy-shuffled job crosses between the TaskManagers; a
 * client that does not speak TLS, or speaks it with a certificate the cluster does not
 * trust, is refused at the data port.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import { after, describe, test } from 'node:test';
import { TestCluster, checkSequences, committedLines, killAllClusterProcesses, scratchDir } from '../support/cluster.js';
import { encodeHello } from '../../src/taskmanager/network/data-frames.js';
import { encryptedKey, generateKeyPair } from '../support/tls.js';

const JOB = 'test/cluster/jobs/keyed-sequence.ts';
const PASSPHRASE = 'correct horse battery staple';

const clusterCert = generateKeyPair('weir-cluster');
const strangerCert = clusterCert === null ? null : generateKeyPair('stranger');
const dir = scratchDir('tls');
let cluster: TestCluster | undefined;

after(async () => {
  await cluster?.close().catch(() => undefined);
  killAllClusterProcesses();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with how the connection ended: 'closed' when the TaskManager hung up on it. */
function outcome(socket: net.Socket, timeoutMs: number): Promise<'closed' | 'open'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('open');
    }, timeoutMs);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
  });
}

describe('internal TLS on RPC and data connections', { timeout: 90_000, skip: clusterCert === null ? 'openssl is not installed' : false }, () => {
  test('a shuffled job runs across two TaskManagers over TLS, with an encrypted key', async () => {
    assert.ok(clusterCert !== null);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'key.pem'), encryptedKey(clusterCert.key, PASSPHRASE));
    writeFileSync(join(dir, 'cert.pem'), clusterCert.cert);
    cluster = await TestCluster.start({
      taskManagers: 2,
      slots: 1,
      config: {
        'security.ssl.internal.enabled': 'true',
        'security.ssl.internal.key': join(dir, 'key.pem'),
        'security.ssl.internal.key-password': PASSPHRASE,
        'security.ssl.internal.cert': join(dir, 'cert.pem'),
        'security.ssl.internal.ca': join(dir, 'cert.pem'),
      },
    });
    const out = join(dir, 'out');
    const events = 20_000;
    const jobId = await cluster.submit(JOB, ['--out', out, '--events', String(events), '--keys', '31', '--parallelism', '2', '--rate', '20000']);
    await cluster.waitForRunning(jobId, 20_000);
    assert.equal((await cluster.taskManagersOf(jobId)).length, 2, 'the subtasks should run on both TaskManagers');
    await cluster.waitForJobStatus(jobId, ['FINISHED'], 40_000);
    const report = checkSequences(committedLines(out), events, 31);
    assert.deepEqual({ lines: report.lines, missing: report.missing, duplicated: report.duplicated }, { lines: events, missing: 0, duplicated: 0 });
  });

  test('the data port refuses plain TCP and certificates the cluster does not trust', async () => {
    assert.ok(cluster !== undefined && clusterCert !== null && strangerCert !== null);
    const { taskmanagers } = await cluster.rest.taskManagers();
    const dataPort = taskmanagers[0]?.dataPort ?? 0;
    assert.ok(dataPort > 0);
    // A well-formed opening of a data connection, so only the transport can be what is refused.
    const hello = Buffer.concat(encodeHello('0'.repeat(32)));
    const target = { host: '127.0.0.1', port: dataPort, checkServerIdentity: () => undefined };

    const plain = net.connect({ host: '127.0.0.1', port: dataPort }, () => plain.write(hello));
    assert.equal(await outcome(plain, 10_000), 'closed', 'a plaintext peer should be cut off');

    const stranger = tls.connect({ ...target, key: strangerCert.key, cert: strangerCert.cert, ca: clusterCert.cert }, () => stranger.write(hello));
    assert.equal(await outcome(stranger, 10_000), 'closed', 'a peer with an untrusted certificate should be cut off');

    const member = tls.connect({ ...target, key: clusterCert.key, cert: clusterCert.cert, ca: clusterCert.cert }, () => member.write(hello));
    assert.equal(await outcome(member, 2_000), 'open', 'a peer with the cluster certificate is let in (the control for the two above)');
  });
});
