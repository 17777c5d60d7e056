package dev.pulse.retry;

/**
 * How long to wait before the next attempt after consecutive failures: {@code initialMs} after the first, doubling
 * with each further one, never more than {@code maxMs}. No jitter: every user retries against its own engine or
 * client, so there is no herd to spread. A value, not a timer: the caller owns its failure count and its timer.
 */
public record Backoff(long initialMs, long maxMs) {

  public Backoff {
    if (initialMs <= 0 || maxMs < initialMs) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max (got " + initialMs + ", " + maxMs + ")");
    }
  }

  /** The wait after {@code failures} consecutive failures: 0 for none, else initial × 2^(failures − 1), capped. */
  public long delayMs(int failures) {
    if (failures <= 0) return 0;
    long d = initialMs;
    for (int i = 1; i < failures && d < maxMs; i++) d *= 2; // d < maxMs, so doubling cannot overflow
    return Math.min(d, maxMs);
  }
}
