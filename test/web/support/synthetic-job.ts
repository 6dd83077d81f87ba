/**
 * A made-up job of many vertices with very long names, served to the browser in place of
 * the REST answers, to look at the layout under load: 100 vertices, fan-out, fan-in.
 */

export const SYNTHETIC_JOB_ID = 'f00dfeedf00dfeedf00dfeedf00dfeed';
export const SYNTHETIC_JOB_NAME =
  'Fraud detection over card transactions with sessionised features, model scoring and alerting to three downstream systems (a job name that goes on and on)';

export function vertexId(index: number): string {
  return index.toString(16).padStart(32, '0');
}

function vertexName(index: number): string {
  if (index === 0) return 'Source: Kafka card-transactions-eu-west-1-production-topic-with-a-very-long-name -> Timestamps/Watermarks';
  if (index % 10 === 0) return `KeyedProcess: enrich with customer profile, merchant category, device fingerprint and geo-velocity features (stage ${index})`;
  return `Map ${index}`;
}

/** Vertex i reads from vertex ⌊(i-1)/3⌋ and, every seventh, from i-5 too. */
function inputsOf(index: number): number[] {
  if (index === 0) return [];
  return [...new Set(index % 7 === 0 ? [Math.floor((index - 1) / 3), index - 5] : [Math.floor((index - 1) / 3)])];
}

export function syntheticJobDetails(vertices: number, now: number): unknown {
  const ids = Array.from({ length: vertices }, (_, i) => i);
  const tasks = { CREATED: 0, SCHEDULED: 0, DEPLOYING: 0, INITIALIZING: 0, RUNNING: 2, FINISHED: 0, CANCELING: 0, CANCELED: 0, FAILED: 0, RECONCILING: 0 };
  return {
    jid: SYNTHETIC_JOB_ID,
    name: SYNTHETIC_JOB_NAME,
    isStoppable: false,
    state: 'RUNNING',
    'start-time': now - 3_723_000,
    'end-time': -1,
    duration: 3_723_000,
    maxParallelism: 128,
    now,
    timestamps: { RUNNING: now - 3_723_000 },
    vertices: ids.map((i) => ({
      id: vertexId(i),
      name: vertexName(i),
      maxParallelism: 128,
      parallelism: 2,
      status: 'RUNNING',
      'start-time': now - 3_700_000,
      'end-time': -1,
      duration: 3_700_000,
      tasks,
      metrics: { 'read-records': i * 1000, 'read-records-complete': true, 'write-records': i * 1000 + 500, 'write-records-complete': true },
    })),
    'status-counts': { RUNNING: vertices },
    plan: {
      jid: SYNTHETIC_JOB_ID,
      name: SYNTHETIC_JOB_NAME,
      type: 'STREAMING',
      nodes: ids.map((i) => ({
        id: vertexId(i),
        parallelism: 2,
        operator: vertexName(i),
        operator_strategy: '',
        description: vertexName(i),
        ...(i > 0 ? { inputs: inputsOf(i).map((from, num) => ({ num, id: vertexId(from), ship_strategy: num === 0 ? 'HASH' : 'REBALANCE', exchange: 'pipelined_bounded' })) } : {}),
        optimizer_properties: {},
      })),
    },
  };
}

/** Busy and backpressure that vary over the graph, so every colour shows. */
export function syntheticMetrics(index: number): unknown {
  const busy = (index * 37) % 1000;
  const backpressured = index % 5 === 0 ? 900 - busy / 2 : 0;
  return [
    { id: 'numRecordsIn', sum: index * 1234, max: index * 700 },
    { id: 'numRecordsOut', sum: index * 1234 + 99, max: index * 700 },
    { id: 'busyTimeMsPerSecond', sum: busy * 2, max: busy },
    { id: 'backPressuredTimeMsPerSecond', sum: backpressured * 2, max: backpressured },
  ];
}
