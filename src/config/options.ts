import os from 'node:os';

/**
 * Weir's configuration options: one typed descriptor per key, with Flink's key names and
 * defaults. Runtime code reads values through these constants (`config.get(REST_PORT)`),
 * never through key strings, so a renamed key is a compile error rather than a silent default.
 */

export type OptionType = 'int' | 'double' | 'duration' | 'memory' | 'boolean' | 'string' | 'enum';

/** Anything that hands out typed option values; Configuration is one, and derived defaults receive one. */
export interface OptionReader {
  get<T>(option: ConfigOption<T>): T;
}

/** A default computed when read (from other options or the machine), with the text the docs show instead. */
export interface DerivedDefault<T> {
  readonly derive: (config: OptionReader) => T;
  readonly text: string;
}

/**
 * A typed option. Durations are milliseconds and memory sizes bytes, both as numbers.
 * T includes `undefined` exactly when the option has no default.
 */
export interface ConfigOption<T> {
  readonly key: string;
  readonly type: OptionType;
  readonly default: T | DerivedDefault<T>;
  readonly description: string;
  readonly enumValues?: readonly string[];
  /** Other spellings Flink accepts for an enum value, mapped to the canonical one. */
  readonly enumAliases?: Readonly<Record<string, string>>;
  readonly min?: number;
  readonly max?: number;
  /** Older Flink names still read, as Flink's `withDeprecatedKeys`; the canonical key wins if both are set. */
  readonly deprecatedKeys?: readonly string[];
  /** True for keys Flink does not have, so the docs can say so. */
  readonly weirOnly?: boolean;
}

export type AnyConfigOption = ConfigOption<unknown>;

interface Spec<T> {
  readonly default?: T | DerivedDefault<T>;
  readonly description: string;
  readonly deprecatedKeys?: readonly string[];
  readonly weirOnly?: boolean;
}

interface RangeSpec<T> extends Spec<T> {
  readonly min?: number;
  readonly max?: number;
}

/** An option's value type: T when the spec gives a default, else T or undefined. */
type ValueOf<S, T> = S extends { readonly default: T | DerivedDefault<T> } ? T : T | undefined;

function define<T>(key: string, type: OptionType, spec: object): ConfigOption<T> {
  return { key, default: undefined, ...spec, type } as ConfigOption<T>;
}

/** Declares a whole-number option. @example intOption('rest.port', { default: 8081, description: '…', min: 0, max: 65535 }) */
export function intOption<S extends RangeSpec<number>>(key: string, spec: S): ConfigOption<ValueOf<S, number>> {
  return define(key, 'int', spec);
}

/** Declares a floating-point option. */
export function doubleOption<S extends RangeSpec<number>>(key: string, spec: S): ConfigOption<ValueOf<S, number>> {
  return define(key, 'double', spec);
}

/** Declares a duration option, read in milliseconds. @example durationOption('heartbeat.interval', { default: 10_000, description: '…' }) */
export function durationOption<S extends RangeSpec<number>>(key: string, spec: S): ConfigOption<ValueOf<S, number>> {
  return define(key, 'duration', spec);
}

/** Declares a memory-size option, read in bytes. */
export function memoryOption<S extends RangeSpec<number>>(key: string, spec: S): ConfigOption<ValueOf<S, number>> {
  return define(key, 'memory', spec);
}

/** Declares a boolean option; only `true` and `false` (any case) parse, as in Flink. */
export function booleanOption<S extends Spec<boolean>>(key: string, spec: S): ConfigOption<ValueOf<S, boolean>> {
  return define(key, 'boolean', spec);
}

/** Declares a string option. */
export function stringOption<S extends Spec<string>>(key: string, spec: S): ConfigOption<ValueOf<S, string>> {
  return define(key, 'string', spec);
}

/**
 * Declares an option with a fixed set of values, matched case-insensitively.
 * @example enumOption('resourcemanager.driver', { values: ['standalone', 'process'], default: 'standalone', description: '…' })
 */
export function enumOption<const V extends string>(
  key: string,
  spec: Spec<V> & {
    readonly values: readonly V[];
    readonly default: NoInfer<V> | DerivedDefault<NoInfer<V>>;
    readonly aliases?: Readonly<Record<string, NoInfer<V>>>;
  },
): ConfigOption<V> {
  const { values, aliases, ...rest } = spec;
  return define(key, 'enum', { ...rest, enumValues: values, ...(aliases === undefined ? {} : { enumAliases: aliases }) });
}

/** True when the option's default is computed at read time. */
export function isDerivedDefault<T>(value: T | DerivedDefault<T>): value is DerivedDefault<T> {
  return typeof value === 'object' && value !== null && 'derive' in value;
}

const MIB = 1024 * 1024;
const PORT = { min: 0, max: 65_535 } as const;

// ---- pipeline and execution ----

export const DEFAULT_PARALLELISM = intOption('parallelism.default', {
  default: 1,
  min: 1,
  description: 'Parallelism of operators and jobs that do not set their own.',
});

export const MAX_PARALLELISM = intOption('pipeline.max-parallelism', {
  default: 128,
  min: 1,
  max: 32_768,
  description:
    'Number of key groups: the upper bound for rescaling a job with keyed state. Flink derives it from the parallelism when unset (-1); Weir fixes the default at 128 so key groups never change behind a job’s back.',
});

export const OPERATOR_CHAINING = booleanOption('pipeline.operator-chaining.enabled', {
  default: true,
  description: 'Chain operators joined by forward edges into one task, so records pass by a direct call.',
});

export const AUTO_WATERMARK_INTERVAL = durationOption('pipeline.auto-watermark-interval', {
  default: 200,
  min: 1,
  description: 'How often sources with event time emit watermarks.',
});

export const BUFFER_TIMEOUT_ENABLED = booleanOption('execution.buffer-timeout.enabled', {
  default: true,
  description: 'When false, a network buffer is sent only when full: best throughput, unbounded latency at low rates.',
});

export const BUFFER_TIMEOUT = durationOption('execution.buffer-timeout.interval', {
  default: 100,
  deprecatedKeys: ['execution.buffer-timeout'],
  description: 'Longest time a partly filled network buffer waits before it is sent. 0 sends after every record.',
});

// ---- TaskManager ----

export const NUM_TASK_SLOTS = intOption('taskmanager.numberOfTaskSlots', {
  default: { derive: () => os.availableParallelism(), text: 'number of CPU cores' },
  min: 1,
  description:
    'Slots per TaskManager; each slot is a worker thread running one parallel pipeline. Flink defaults to 1; Weir uses the core count so one TaskManager fills the machine.',
});

/** Weir's default heap for each slot's worker thread. */
export const DEFAULT_SLOT_HEAP_BYTES = 512 * MIB;

export const TASK_HEAP_MEMORY = memoryOption('taskmanager.memory.task.heap.size', {
  default: {
    derive: (config) => DEFAULT_SLOT_HEAP_BYTES * config.get(NUM_TASK_SLOTS),
    text: '512 mb × taskmanager.numberOfTaskSlots',
  },
  min: 1 * MIB,
  description:
    'Heap for user code in one TaskManager, split evenly among its slots: each slot’s worker thread gets this divided by the number of slots as its heap limit.',
});

export const TASK_MANAGER_HOST = stringOption('taskmanager.host', {
  description: 'Address this TaskManager advertises to the JobManager and its peers. Unset: the address it reaches the JobManager from.',
});

export const TASK_MANAGER_RPC_PORT = stringOption('taskmanager.rpc.port', {
  default: '0',
  description: 'Port or port range (`50100-50200`) for the TaskManager’s RPC endpoint; 0 picks a free port.',
});

export const TASK_MANAGER_DATA_PORT = intOption('taskmanager.data.port', {
  default: 0,
  ...PORT,
  description: 'Port for data exchange between TaskManagers; 0 picks a free port.',
});

// ---- network ----

export const MEMORY_SEGMENT_SIZE = memoryOption('taskmanager.memory.segment-size', {
  default: 32 * 1024,
  min: 4096,
  description:
    'Size of one network buffer: records between tasks travel in buffers of this size. Larger buffers mean fewer messages between threads and turns of the consumer’s task loop, at the cost of memory and latency.',
});

export const NETWORK_BUFFERS_PER_CHANNEL = intOption('taskmanager.network.memory.buffers-per-channel', {
  default: 2,
  min: 0,
  description: 'Buffers each input channel owns; credit-based flow control grants these to the sender.',
});

export const NETWORK_FLOATING_BUFFERS_PER_GATE = intOption('taskmanager.network.memory.floating-buffers-per-gate', {
  // Flink's default is 8, for one thread per task. A Weir slot thread runs several tasks
  // in turns of a few milliseconds, so a channel needs enough credit to keep its producer
  // going through the consumer's turns: 32 gave keyed jobs 6–9% more throughput, and
  // costs at most 32 buffers per gate, whatever its parallelism.
  default: 32,
  min: 0,
  description:
    'Extra buffers an input gate shares among its channels: each channel gets an even share on top of its own buffers. Flink’s default is 8; Weir’s is 32 because the tasks of a slot share its thread and take turns, so a channel needs credit for more buffers in flight.',
});

// ---- JobManager, ResourceManager and RPC ----

export const JOB_MANAGER_RPC_ADDRESS = stringOption('jobmanager.rpc.address', {
  default: 'localhost',
  description: 'Address of the JobManager that TaskManagers and clients connect to.',
});

export const JOB_MANAGER_RPC_PORT = intOption('jobmanager.rpc.port', {
  default: 6123,
  ...PORT,
  description: 'RPC port of the JobManager.',
});

export const RPC_ASK_TIMEOUT = durationOption('rpc.ask.timeout', {
  default: 10_000,
  min: 1,
  deprecatedKeys: ['pekko.ask.timeout', 'akka.ask.timeout'],
  weirOnly: true,
  description: 'Timeout of one RPC call between components. Takes the place of Flink’s `pekko.ask.timeout`, which is still read.',
});

export const HEARTBEAT_INTERVAL = durationOption('heartbeat.interval', {
  default: 10_000,
  min: 1,
  description: 'How often the JobMaster and ResourceManager send heartbeats to TaskManagers.',
});

export const HEARTBEAT_TIMEOUT = durationOption('heartbeat.timeout', {
  default: 50_000,
  min: 1,
  description: 'Silence after which a peer is considered lost: its tasks fail and its slots are freed.',
});

export const SLOT_REQUEST_TIMEOUT = durationOption('slot.request.timeout', {
  default: 300_000,
  min: 1,
  description: 'How long a job waits for the slots it needs before it fails with “not enough slots”.',
});

export const TASK_MANAGER_TIMEOUT = durationOption('resourcemanager.taskmanager-timeout', {
  default: 30_000,
  description: 'How long a TaskManager with only free slots stays before a driver that started it stops it.',
});

export const RESOURCE_MANAGER_DRIVER = enumOption('resourcemanager.driver', {
  values: ['standalone', 'process'],
  default: 'standalone',
  weirOnly: true,
  description:
    '`standalone`: TaskManagers are started by hand and register themselves. `process`: the ResourceManager starts TaskManager processes on this machine when jobs need slots.',
});

// ---- REST and web ----

export const REST_ADDRESS = stringOption('rest.address', {
  default: 'localhost',
  description: 'Address clients use to reach the REST endpoint.',
});

export const REST_BIND_ADDRESS = stringOption('rest.bind-address', {
  default: '127.0.0.1',
  description: 'Address the REST server listens on; `0.0.0.0` opens it to the network.',
});

export const REST_PORT = intOption('rest.port', {
  default: 8081,
  ...PORT,
  description: 'Port of the REST API and web dashboard.',
});

export const REST_MAX_CONTENT_LENGTH = memoryOption('rest.server.max-content-length', {
  default: 100 * MIB,
  min: 1,
  description: 'Largest request body the REST server accepts, job artifact uploads included.',
});

export const WEB_SUBMIT_ENABLE = booleanOption('web.submit.enable', {
  default: true,
  description: 'Allow uploading and running job artifacts through REST and the dashboard.',
});

export const WEB_CANCEL_ENABLE = booleanOption('web.cancel.enable', {
  default: true,
  description: 'Allow cancelling jobs through REST and the dashboard.',
});

export const WEB_UPLOAD_DIR = stringOption('web.upload.dir', {
  description: 'Directory for uploaded job artifacts. Unset: a new directory under the system temp directory.',
});

export const FLAMEGRAPH_ENABLED = booleanOption('rest.flamegraph.enabled', {
  default: false,
  description: 'Serve flame graphs of job vertices (`/jobs/:jobid/vertices/:vertexid/flamegraph`), sampled with V8’s CPU profiler in the slot threads that run the vertex.',
});

export const FLAMEGRAPH_NUM_SAMPLES = intOption('rest.flamegraph.num-samples', {
  default: 100,
  min: 1,
  description: 'Samples per flame graph: a sampling lasts this times `rest.flamegraph.delay-between-samples`.',
});

export const FLAMEGRAPH_DELAY = durationOption('rest.flamegraph.delay-between-samples', {
  default: 50,
  min: 1,
  description: 'Time between two samples of a slot thread’s stack.',
});

export const FLAMEGRAPH_REFRESH_INTERVAL = durationOption('rest.flamegraph.refresh-interval', {
  default: 60_000,
  min: 0,
  description: 'How long a flame graph is served before a request samples the vertex again (the old one is served meanwhile).',
});

export const FLAMEGRAPH_CLEANUP_INTERVAL = durationOption('rest.flamegraph.cleanup-interval', {
  default: 600_000,
  min: 0,
  description: 'A flame graph nobody asked for in this long is forgotten.',
});

export const FLAMEGRAPH_STACK_DEPTH = intOption('rest.flamegraph.stack-depth', {
  default: 100,
  min: 1,
  description: 'Frames kept of each sampled stack, from the outermost; deeper frames count in the last one kept.',
});

// ---- checkpointing ----

export const CHECKPOINTING_INTERVAL = durationOption('execution.checkpointing.interval', {
  min: 1,
  description: 'Time between checkpoints. Unset: checkpointing is off.',
});

export const CHECKPOINTING_MODE = enumOption('execution.checkpointing.mode', {
  values: ['EXACTLY_ONCE', 'AT_LEAST_ONCE'],
  default: 'EXACTLY_ONCE',
  description: '`EXACTLY_ONCE` aligns barriers so each record affects state once; `AT_LEAST_ONCE` skips alignment for lower latency.',
});

export const CHECKPOINTING_TIMEOUT = durationOption('execution.checkpointing.timeout', {
  default: 600_000,
  min: 1,
  description: 'A checkpoint not complete after this long is discarded.',
});

export const CHECKPOINTS_DIRECTORY = stringOption('execution.checkpointing.dir', {
  deprecatedKeys: ['state.checkpoints.dir'],
  description: 'Directory checkpoints are written to; must be reachable by the JobManager and every TaskManager.',
});

export const SAVEPOINT_DIRECTORY = stringOption('execution.checkpointing.savepoint-dir', {
  deprecatedKeys: ['state.savepoints.dir'],
  description: 'Default directory for savepoints when a command does not name one.',
});

export const CHECKPOINTING_MIN_PAUSE = durationOption('execution.checkpointing.min-pause', {
  default: 0,
  description: 'Least time between the end of one checkpoint and the start of the next.',
});

export const CHECKPOINTING_MAX_CONCURRENT = intOption('execution.checkpointing.max-concurrent-checkpoints', {
  default: 1,
  min: 1,
  description: 'Checkpoints that may be in progress at once.',
});

export const CHECKPOINTING_TOLERABLE_FAILURES = intOption('execution.checkpointing.tolerable-failed-checkpoints', {
  default: 0,
  min: 0,
  description: 'Consecutive failed or expired checkpoints the job tolerates before it fails.',
});

export const CHECKPOINTING_NUM_RETAINED = intOption('execution.checkpointing.num-retained', {
  default: 1,
  min: 1,
  deprecatedKeys: ['state.checkpoints.num-retained'],
  description: 'Completed checkpoints kept; older ones are deleted.',
});

export const CHECKPOINTING_RETENTION = enumOption('execution.checkpointing.externalized-checkpoint-retention', {
  values: ['NO_EXTERNALIZED_CHECKPOINTS', 'DELETE_ON_CANCELLATION', 'RETAIN_ON_CANCELLATION'],
  default: 'NO_EXTERNALIZED_CHECKPOINTS',
  description:
    'What happens to retained checkpoints when the job ends: deleted (`NO_EXTERNALIZED_CHECKPOINTS`), deleted only on cancel (`DELETE_ON_CANCELLATION`, kept after a failure) or kept on cancel too (`RETAIN_ON_CANCELLATION`).',
});

export const STATE_BACKEND = enumOption('state.backend.type', {
  values: ['hashmap'],
  default: 'hashmap',
  description: 'Where keyed state lives: `hashmap` keeps it as objects on the slot\'s heap.',
});

export const FAILOVER_STRATEGY = enumOption('jobmanager.execution.failover-strategy', {
  values: ['full', 'region'],
  default: 'region',
  description: 'What restarts after a task fails: `full` restarts every task, `region` only the connected part of the job graph.',
});

// ---- restart strategies ----

export const RESTART_STRATEGY = enumOption('restart-strategy.type', {
  values: ['none', 'fixed-delay', 'exponential-delay', 'failure-rate'],
  default: {
    derive: (config) => (config.get(CHECKPOINTING_INTERVAL) === undefined ? 'none' : 'exponential-delay'),
    text: '`none`, or `exponential-delay` when checkpointing is on',
  },
  aliases: { off: 'none', disable: 'none', fixeddelay: 'fixed-delay', exponentialdelay: 'exponential-delay', failurerate: 'failure-rate' },
  deprecatedKeys: ['restart-strategy'],
  description: 'What happens when a task fails: `none` fails the job; the others restart it from the latest checkpoint.',
});

export const FIXED_DELAY_ATTEMPTS = intOption('restart-strategy.fixed-delay.attempts', {
  default: 1,
  min: 0,
  description: 'Restarts `fixed-delay` makes before the job fails.',
});

export const FIXED_DELAY_DELAY = durationOption('restart-strategy.fixed-delay.delay', {
  default: 1_000,
  description: 'Wait between two `fixed-delay` restarts.',
});

export const EXPONENTIAL_DELAY_INITIAL_BACKOFF = durationOption('restart-strategy.exponential-delay.initial-backoff', {
  default: 1_000,
  description: 'First wait of `exponential-delay`.',
});

export const EXPONENTIAL_DELAY_MAX_BACKOFF = durationOption('restart-strategy.exponential-delay.max-backoff', {
  default: 60_000,
  description: 'Longest wait of `exponential-delay`.',
});

export const EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER = doubleOption('restart-strategy.exponential-delay.backoff-multiplier', {
  default: 1.5,
  min: 1,
  description: 'Factor the wait grows by after each failure.',
});

export const EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD = durationOption('restart-strategy.exponential-delay.reset-backoff-threshold', {
  default: 3_600_000,
  description: 'Running this long without failure resets the wait to the initial backoff.',
});

export const EXPONENTIAL_DELAY_JITTER_FACTOR = doubleOption('restart-strategy.exponential-delay.jitter-factor', {
  default: 0.1,
  min: 0,
  max: 1,
  description: 'Random spread applied to each wait, as a fraction of it, so many jobs do not restart in step.',
});

export const EXPONENTIAL_DELAY_ATTEMPTS = intOption('restart-strategy.exponential-delay.attempts-before-reset-backoff', {
  default: 2_147_483_647,
  min: 0,
  description: 'Restarts allowed before the wait resets; past it the job fails.',
});

export const FAILURE_RATE_MAX_FAILURES = intOption('restart-strategy.failure-rate.max-failures-per-interval', {
  default: 1,
  min: 1,
  description: 'Failures `failure-rate` tolerates within one interval before the job fails.',
});

export const FAILURE_RATE_INTERVAL = durationOption('restart-strategy.failure-rate.failure-rate-interval', {
  default: 60_000,
  min: 1,
  description: 'Window in which `failure-rate` counts failures.',
});

export const FAILURE_RATE_DELAY = durationOption('restart-strategy.failure-rate.delay', {
  default: 1_000,
  description: 'Wait between two `failure-rate` restarts.',
});

// ---- metrics and logs ----

export const METRICS_ENABLED = booleanOption('metrics.enabled', {
  default: true,
  weirOnly: true,
  description:
    'Collect task, operator and process metrics. `false` leaves tasks without counters and time accounting and gives user functions a metric group that records nothing (Flink always collects).',
});

export const METRICS_FETCHER_UPDATE_INTERVAL = durationOption('metrics.fetcher.update-interval', {
  default: 1_000,
  min: 0,
  description:
    'How long the REST API reuses metrics it fetched from the TaskManagers before asking again. Flink defaults to 10 s; Weir\'s slots report every second, so a shorter cache shows fresher numbers.',
});

export const PROMETHEUS_FACTORY_CLASS = stringOption('metrics.reporter.prom.factory.class', {
  description:
    'Accepted so Flink configurations load; Weir has one built-in Prometheus reporter, which runs when `metrics.reporter.prom.port` is set.',
});

export const PROMETHEUS_PORT = stringOption('metrics.reporter.prom.port', {
  description:
    'Port, or range of ports (`9250-9260`), on which each JobManager and TaskManager process serves `/metrics` in the Prometheus text format; each process takes the first free port of the range. Unset: no Prometheus endpoint.',
});

export const PROMETHEUS_HOST = stringOption('metrics.reporter.prom.host', {
  default: '127.0.0.1',
  weirOnly: true,
  description: 'Address the Prometheus endpoint listens on; `0.0.0.0` lets a Prometheus server on another host scrape it.',
});

export const LOG_FILE_MAX_SIZE = memoryOption('log.file.max-size', {
  default: 10 * MIB,
  min: 1024,
  weirOnly: true,
  description: 'Size at which a process\'s log file (`jobmanager.log`, `taskmanager-<id>.log` in `$WEIR_LOG_DIR`, default `./log`) is rolled over.',
});

export const LOG_FILE_MAX_COUNT = intOption('env.log.max', {
  default: 5,
  min: 1,
  description: 'Rolled-over log files kept per process (`jobmanager.log.1` … `.N`); older ones are deleted. Flink keeps 10.',
});

// ---- security ----

export const SSL_INTERNAL_ENABLED = booleanOption('security.ssl.internal.enabled', {
  default: false,
  description: 'Mutual TLS on RPC and data connections between Weir processes. Needs the key, cert and ca below.',
});

export const SSL_INTERNAL_KEY = stringOption('security.ssl.internal.key', {
  weirOnly: true,
  description: 'PEM file with this process’s private key. Takes the place of Flink’s JKS `keystore`.',
});

export const SSL_INTERNAL_CERT = stringOption('security.ssl.internal.cert', {
  weirOnly: true,
  description: 'PEM file with this process’s certificate chain. Takes the place of Flink’s JKS `keystore`.',
});

export const SSL_INTERNAL_CA = stringOption('security.ssl.internal.ca', {
  weirOnly: true,
  description: 'PEM file with the certificates a peer’s certificate must chain to. Takes the place of Flink’s `truststore`.',
});

export const SSL_INTERNAL_KEY_PASSWORD = stringOption('security.ssl.internal.key-password', {
  description: 'Passphrase of an encrypted private key.',
});

export interface OptionGroup {
  readonly title: string;
  readonly options: readonly AnyConfigOption[];
}

/** Every option Weir knows, grouped as the docs show them. A key not here is rejected at load time. */
export const OPTION_GROUPS: readonly OptionGroup[] = [
  {
    title: 'Pipeline and execution',
    options: [DEFAULT_PARALLELISM, MAX_PARALLELISM, OPERATOR_CHAINING, AUTO_WATERMARK_INTERVAL, BUFFER_TIMEOUT_ENABLED, BUFFER_TIMEOUT],
  },
  {
    title: 'TaskManager',
    options: [NUM_TASK_SLOTS, TASK_HEAP_MEMORY, TASK_MANAGER_HOST, TASK_MANAGER_RPC_PORT, TASK_MANAGER_DATA_PORT],
  },
  {
    title: 'Network',
    options: [MEMORY_SEGMENT_SIZE, NETWORK_BUFFERS_PER_CHANNEL, NETWORK_FLOATING_BUFFERS_PER_GATE],
  },
  {
    title: 'JobManager, ResourceManager and RPC',
    options: [
      JOB_MANAGER_RPC_ADDRESS,
      JOB_MANAGER_RPC_PORT,
      RPC_ASK_TIMEOUT,
      HEARTBEAT_INTERVAL,
      HEARTBEAT_TIMEOUT,
      SLOT_REQUEST_TIMEOUT,
      TASK_MANAGER_TIMEOUT,
      RESOURCE_MANAGER_DRIVER,
    ],
  },
  {
    title: 'REST and web dashboard',
    options: [
      REST_ADDRESS,
      REST_BIND_ADDRESS,
      REST_PORT,
      REST_MAX_CONTENT_LENGTH,
      WEB_SUBMIT_ENABLE,
      WEB_CANCEL_ENABLE,
      WEB_UPLOAD_DIR,
      FLAMEGRAPH_ENABLED,
      FLAMEGRAPH_NUM_SAMPLES,
      FLAMEGRAPH_DELAY,
      FLAMEGRAPH_REFRESH_INTERVAL,
      FLAMEGRAPH_CLEANUP_INTERVAL,
      FLAMEGRAPH_STACK_DEPTH,
    ],
  },
  {
    title: 'Checkpointing',
    options: [
      CHECKPOINTING_INTERVAL,
      CHECKPOINTING_MODE,
      CHECKPOINTING_TIMEOUT,
      CHECKPOINTING_MIN_PAUSE,
      CHECKPOINTING_MAX_CONCURRENT,
      CHECKPOINTING_TOLERABLE_FAILURES,
      CHECKPOINTING_NUM_RETAINED,
      CHECKPOINTING_RETENTION,
      CHECKPOINTS_DIRECTORY,
      SAVEPOINT_DIRECTORY,
      STATE_BACKEND,
      FAILOVER_STRATEGY,
    ],
  },
  {
    title: 'Restart strategies',
    options: [
      RESTART_STRATEGY,
      FIXED_DELAY_ATTEMPTS,
      FIXED_DELAY_DELAY,
      EXPONENTIAL_DELAY_INITIAL_BACKOFF,
      EXPONENTIAL_DELAY_MAX_BACKOFF,
      EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
      EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
      EXPONENTIAL_DELAY_JITTER_FACTOR,
      EXPONENTIAL_DELAY_ATTEMPTS,
      FAILURE_RATE_MAX_FAILURES,
      FAILURE_RATE_INTERVAL,
      FAILURE_RATE_DELAY,
    ],
  },
  {
    title: 'Metrics and logs',
    options: [
      METRICS_ENABLED,
      METRICS_FETCHER_UPDATE_INTERVAL,
      PROMETHEUS_FACTORY_CLASS,
      PROMETHEUS_PORT,
      PROMETHEUS_HOST,
      LOG_FILE_MAX_SIZE,
      LOG_FILE_MAX_COUNT,
    ],
  },
  {
    title: 'Security',
    options: [SSL_INTERNAL_ENABLED, SSL_INTERNAL_KEY, SSL_INTERNAL_CERT, SSL_INTERNAL_CA, SSL_INTERNAL_KEY_PASSWORD],
  },
];

/** Every option, in docs order. */
export const ALL_OPTIONS: readonly AnyConfigOption[] = OPTION_GROUPS.flatMap((group) => group.options);

const BY_KEY = new Map<string, AnyConfigOption>();
for (const option of ALL_OPTIONS) {
  for (const key of [option.key, ...(option.deprecatedKeys ?? [])]) BY_KEY.set(key, option);
}

/** The option a key names, its deprecated Flink names included; undefined for an unknown key. */
export function findOption(key: string): AnyConfigOption | undefined {
  return BY_KEY.get(key);
}

/**
 * Flink keys Weir deliberately does not read, with what to write instead; the unknown-key
 * error quotes these rather than guessing a near spelling.
 */
export const REPLACED_FLINK_KEYS: Readonly<Record<string, string>> = {
  'security.ssl.internal.keystore':
    "Weir reads PEM files, not JKS keystores: set 'security.ssl.internal.key' and 'security.ssl.internal.cert'",
  'security.ssl.internal.keystore-password':
    "Weir reads PEM files: put the private key's passphrase in 'security.ssl.internal.key-password'",
  'security.ssl.internal.truststore': "Weir reads PEM files, not JKS truststores: set 'security.ssl.internal.ca'",
  'security.ssl.internal.truststore-password': 'Weir reads the CA as a PEM file, which has no password: remove this key',
  'taskmanager.memory.process.size':
    "Weir has no JVM memory model: size the slots' heaps with 'taskmanager.memory.task.heap.size'",
  'taskmanager.memory.flink.size':
    "Weir has no JVM memory model: size the slots' heaps with 'taskmanager.memory.task.heap.size'",
};

/** The heap limit of one slot's worker thread, in bytes: the task heap split evenly among the slots. */
export function slotHeapSize(config: OptionReader): number {
  return Math.floor(config.get(TASK_HEAP_MEMORY) / config.get(NUM_TASK_SLOTS));
}
