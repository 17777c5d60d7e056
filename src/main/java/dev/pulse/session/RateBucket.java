package dev.pulse.session;

/**
 * A socket's frame budget: {@link #BURST} frames at once, {@link #PER_SECOND} a second after that. A socket that keeps
 * pushing past it ({@link #MAX_REFUSALS} refusals) is to be closed; everyone else is unaffected. Time comes in as an
 * argument (nanoseconds, any origin; tests inject it). Owned by one session verticle.
 */
final class RateBucket {

  static final int BURST = 100;
  static final int PER_SECOND = 50;
  static final int MAX_REFUSALS = 500;

  private double tokens = BURST;
  private long last;
  private int refusals;

  RateBucket(long nowNanos) {
    this.last = nowNanos;
  }

  /** Takes one frame's token; false (and one more refusal) when there is none. */
  boolean take(long nowNanos) {
    tokens = Math.min(BURST, tokens + Math.max(0, nowNanos - last) / 1e9 * PER_SECOND);
    last = Math.max(last, nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    refusals++;
    return false;
  }

  /** Whether the socket has been refused so often that it must go. */
  boolean exhausted() {
    return refusals > MAX_REFUSALS;
  }
}
