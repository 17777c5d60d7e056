package dev.pulse.auth;

import dev.pulse.retry.Backoff;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing. Two limits, both in bounded memory:
 * <ul>
 *   <li>a global token bucket across all addresses: each password check takes a token ({@link #GLOBAL_BURST} at once,
 *   {@link #GLOBAL_PER_SECOND} a second after that), a correct password gives it back. Parallel connections and
 *   many source addresses do not add up beyond it, and nothing an attacker sends can refill it;</li>
 *   <li>per address, after {@link #FREE_FAILURES} failures each further answer waits 250 ms, doubling to
 *   {@link #MAX_DELAY_MS}, in a table of at most {@link #MAX_TRACKED} addresses that forgets the least recently
 *   seen one when full (so a flood of addresses can only evict addresses, never the global bucket).</li>
 * </ul>
 * Time comes in as an argument (tests inject it). Not thread-safe: owned by the HTTP verticle's event loop.
 */
public final class LoginThrottle {

  static final int GLOBAL_BURST = 30;
  static final double GLOBAL_PER_SECOND = 1.0;
  static final int FREE_FAILURES = 3;
  static final long MAX_DELAY_MS = 10_000;
  /** The hold-back after each failure beyond the free ones. */
  static final Backoff HOLD_BACK = new Backoff(250, MAX_DELAY_MS);
  static final int MAX_TRACKED = 10_000;

  private double tokens = GLOBAL_BURST;
  private long refilledAt = Long.MIN_VALUE;
  private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
      return size() > MAX_TRACKED;
    }
  };

  private static final class Failures {
    int count;
    long last;
  }

  /**
   * Takes a global token for one password check: 0 when the check may go ahead, else how many ms until one may
   * (nothing is taken then).
   */
  public long admit(long now) {
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / GLOBAL_PER_SECOND * 1000);
  }

  private void refill(long now) {
    if (refilledAt != Long.MIN_VALUE && now > refilledAt) {
      tokens = Math.min(GLOBAL_BURST, tokens + (now - refilledAt) / 1000.0 * GLOBAL_PER_SECOND);
    }
    if (refilledAt == Long.MIN_VALUE || now > refilledAt) refilledAt = now;
  }

  /** How long to hold back the answer to a password check from {@code address}. */
  public long delayMs(String address, long now) {
    Failures f = failures.get(address);
    if (f == null) return 0;
    if (now - f.last > MAX_DELAY_MS * 6) {
      failures.remove(address); // forgiven after a quiet minute
      return 0;
    }
    return HOLD_BACK.delayMs(f.count - FREE_FAILURES + 1);
  }

  public void failed(String address, long now) {
    Failures f = failures.computeIfAbsent(address, a -> new Failures());
    f.count++;
    f.last = now;
  }

  /** A correct password: the address is forgiven and its global token returned. */
  public void succeeded(String address) {
    failures.remove(address);
    tokens = Math.min(GLOBAL_BURST, tokens + 1);
  }

  int tracked() {
    return failures.size();
  }
}
