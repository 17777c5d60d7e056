package dev.pulse.log;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A warning a client or a failing engine can trigger at will: at most {@code max} lines per window, the rest
 * counted and reported with the first line of the next window, so a flood costs a few lines, not a full disk.
 * Not thread-safe: each owner (a verticle, a bridge) keeps its own and calls it on its event loop.
 */
public final class RateLimitedLog {

  private final Logger log;
  private final int max;
  private final long windowMs;
  private final LongSupplier clock;
  private long windowStart = Long.MIN_VALUE;
  private int written;
  private long suppressed;

  public RateLimitedLog(Logger log, int max, long windowMs) {
    this(log, max, windowMs, System::currentTimeMillis);
  }

  RateLimitedLog(Logger log, int max, long windowMs, LongSupplier clock) {
    this.log = log;
    this.max = max;
    this.windowMs = windowMs;
    this.clock = clock;
  }

  /** Logs {@code message} (SLF4J {@code {}} placeholders) at WARN unless this window's lines are used up. */
  public void warn(String message, Object... args) {
    if (!log.isWarnEnabled()) return;
    long now = clock.getAsLong();
    if (windowStart == Long.MIN_VALUE || now - windowStart >= windowMs) {
      windowStart = now;
      written = 0;
    }
    if (written >= max) {
      suppressed++;
      return;
    }
    written++;
    if (suppressed > 0) {
      log.warn(message + " ({} similar lines suppressed before this one)", append(args, suppressed));
      suppressed = 0;
    } else {
      log.warn(message, args);
    }
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = last;
    return out;
  }
}
