/**
 * Flink's `timeSinceLastHeartbeat` holds the time of the last heartbeat (epoch ms) despite
 * its name; Weir's holds the age. Epoch values are far larger than any plausible age.
 */
const EPOCH_THRESHOLD = 1e12;

export function heartbeatAge(value: number, now: number): number {
  return value > EPOCH_THRESHOLD ? Math.max(0, now - value) : value;
}
