package dev.pulse.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Logged-in browser sessions (random 256-bit tokens with an expiry); failed logins are {@link LoginThrottle}'s. Not
 * thread-safe: owned by the HTTP verticle and used on its event loop only.
 */
public final class LoginSessions {

  /** Bounds the memory spent on tokens (only a correct password creates one). */
  static final int MAX_TRACKED = 10_000;

  private final SecureRandom random = new SecureRandom();
  private final long ttlMs;
  private final Map<String, Long> tokens = new HashMap<>();

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

  /** Drops expired tokens. */
  public void purge(long now) {
    tokens.values().removeIf(until -> until <= now);
  }
}
