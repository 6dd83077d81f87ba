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
  | { readonly type: 'fixed-delay'; readonly attempts: number; readonly delayMs: number };

export function createRestartStrategy(spec: RestartStrategySpec): RestartStrategy {
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
  }
}
