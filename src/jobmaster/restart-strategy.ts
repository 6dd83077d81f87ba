/**
 * Whether and when a failed job restarts. Each strategy is a small object asked once per
 * failure, as Flink's RestartBackoffTimeStrategy.
 */
export interface RestartStrategy {
  /** Records a failure; returns the delay before restarting, or undefined when the job must fail. */
  onFailure(now: number): number | undefined;
  readonly description: string;
}

export type RestartStrategySpec =
  | { readonly type: 'none' }
  | { readonly type: 'fixed-delay'; readonly attempts: number; readonly delayMs: number }
  | {
      readonly type: 'exponential-delay';
      readonly initialBackoffMs: number;
      readonly maxBackoffMs: number;
      readonly multiplier: number;
      readonly resetThresholdMs: number;
      readonly jitterFactor: number;
      readonly attemptsBeforeReset: number;
    }
  | { readonly type: 'failure-rate'; readonly maxFailuresPerInterval: number; readonly intervalMs: number; readonly delayMs: number };

export function createRestartStrategy(spec: RestartStrategySpec, random: () => number = Math.random): RestartStrategy {
  switch (spec.type) {
    case 'none':
      return { description: 'no restarts', onFailure: () => undefined };
    case 'fixed-delay': {
      let failures = 0;
      return {
        description: `fixed delay: ${spec.attempts} attempts, ${spec.delayMs} ms apart`,
        onFailure: () => (++failures <= spec.attempts ? spec.delayMs : undefined),
      };
    }
    case 'exponential-delay': {
      let backoff = 0;
      let attempts = 0;
      let lastFailure = Number.NEGATIVE_INFINITY;
      return {
        description: `exponential delay from ${spec.initialBackoffMs} ms to ${spec.maxBackoffMs} ms`,
        onFailure: (now) => {
          // A job that ran long enough since its last failure starts over from the initial backoff.
          if (now - lastFailure >= spec.resetThresholdMs) {
            backoff = 0;
            attempts = 0;
          }
          lastFailure = now;
          if (++attempts > spec.attemptsBeforeReset) return undefined;
          backoff = backoff === 0 ? spec.initialBackoffMs : Math.min(spec.maxBackoffMs, backoff * spec.multiplier);
          const jitter = backoff * spec.jitterFactor * (random() * 2 - 1);
          return Math.max(0, Math.round(backoff + jitter));
        },
      };
    }
    case 'failure-rate': {
      const failures: number[] = [];
      return {
        description: `failure rate: at most ${spec.maxFailuresPerInterval} failures per ${spec.intervalMs} ms`,
        onFailure: (now) => {
          failures.push(now);
          while (failures.length > 0 && (failures[0] as number) <= now - spec.intervalMs) failures.shift();
          return failures.length > spec.maxFailuresPerInterval ? undefined : spec.delayMs;
        },
      };
    }
  }
}
