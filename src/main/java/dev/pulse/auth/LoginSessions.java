package dev.pulse.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Logged-in browser sessions (random 256-bit tokens with an expiry) and failed logins per remote address. Not
 * thread-safe: owned by the HTTP verticle and used on its event loop only.
 */
public final class LoginSessions {

  /** Failures from one address after which each further attempt waits, doubling up to {@link #MAX_DELAY_MS}. */
  static final int FREE_FAILURES = 3;
  static final long MAX_DELAY_MS = 10_000;
  /** Bounds the memory an attacker can make us spend on remembering addresses and tokens. */
  static final int MAX_TRACKED = 10_000;

  private final SecureRandom random = new SecureRandom();
  private final long ttlMs;
  private final Map<String, Long> tokens = new HashMap<>();
  private final Map<String, Failures> failures = new HashMap<>();

  private static final class Failures {
    int count;
    long last;
  }

  public LoginSessions(long ttlMs) {
    this.ttlMs = ttlMs;
  }

  public String create(long now) {
    if (tokens.size() >= MAX_TRACKED) purge(now);
    if (tokens.size() >= MAX_TRACKED) tokens.remove(tokens.keySet().iterator().next());
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    tokens.put(token, now + ttlMs);
    return token;
  }

  public boolean valid(String token, long now) {
    return validUntil(token, now) > 0;
  }

  /** When {@code token}'s login ends, or 0 when it is not a live login. */
  public long validUntil(String token, long now) {
    if (token == null) return 0;
    Long until = tokens.get(token);
    if (until == null) return 0;
    if (until <= now) {
      tokens.remove(token);
      return 0;
    }
    return until;
  }

  public void remove(String token) {
    if (token != null) tokens.remove(token);
  }

  public long ttlMs() {
    return ttlMs;
  }

  /** How long to hold back the answer to a login attempt from {@code address}. */
  public long delayMs(String address, long now) {
    Failures f = failures.get(address);
    if (f == null) return 0;
    if (now - f.last > MAX_DELAY_MS * 6) {
      failures.remove(address); // forgiven after a quiet minute
      return 0;
    }
    if (f.count < FREE_FAILURES) return 0;
    return Math.min(MAX_DELAY_MS, 250L << Math.min(f.count - FREE_FAILURES, 10));
  }

  public void failed(String address, long now) {
    if (failures.size() >= MAX_TRACKED && !failures.containsKey(address)) purge(now);
    Failures f = failures.computeIfAbsent(address, a -> new Failures());
    f.count++;
    f.last = now;
  }

  public void succeeded(String address) {
    failures.remove(address);
  }

  /** Drops expired tokens and failure records nobody has renewed for a minute. */
  public void purge(long now) {
    tokens.values().removeIf(until -> until <= now);
    for (Iterator<Failures> it = failures.values().iterator(); it.hasNext(); ) {
      if (now - it.next().last > MAX_DELAY_MS * 6) it.remove();
    }
    if (failures.size() >= MAX_TRACKED) failures.clear();
  }
}
