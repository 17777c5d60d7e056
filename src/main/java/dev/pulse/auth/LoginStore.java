package dev.pulse.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;

/**
 * Live logins, in vert.x-web's session store: {@link LocalSessionStore} (Vert.x shared data of this process, so every
 * HTTP verticle instance reads the same logins) or, when clustered, {@link ClusteredSessionStore} (a Hazelcast map, so
 * every node does). A login is a session holding its absolute end; its id (256 random bits) is the cookie. The store
 * is the one truth: a logout deletes the entry, and every check reads it, on any node.
 *
 * <p>The store handle is safe on any context (shared data is), so session verticles check a login themselves. A handle
 * is never closed: closing a local store drops its map, every other handle's logins with it; its expiry timer goes
 * with the verticle that made it.
 */
public final class LoginStore {

  /** Bounds the memory spent on logins (only a correct password creates one). */
  static final int MAX_LOGINS = 10_000;
  private static final String MAP = "pulse.logins";
  /**
   * How often the local store sweeps out ended logins. Every check reads a login's end itself ({@link #validUntil}),
   * so the sweep only frees memory; at vert.x-web's default period it woke an event loop per HTTP instance, many times
   * a login's life, for nothing (BENCHMARKS.md §5, session 13).
   */
  static final long REAPER_MS = 60_000;
  private static final String UNTIL = "until";
  private static final int TOKEN_BYTES = 32;

  private final SessionStore store;
  private final long ttlMs;

  LoginStore(SessionStore store, long ttlMs) {
    this.store = store;
    this.ttlMs = ttlMs;
  }

  /**
   * The store of this process, or of the cluster when {@code vertx} is clustered. Hazelcast maps are consistent per
   * key, so a clustered read is not retried (vert.x-web's default retries a miss for 5 s: every bad cookie would wait).
   */
  public static LoginStore create(Vertx vertx, long ttlMs) {
    return create(vertx, ttlMs, REAPER_MS);
  }

  static LoginStore create(Vertx vertx, long ttlMs, long reaperMs) {
    SessionStore store = vertx.isClustered() ? ClusteredSessionStore.create(vertx, MAP, 0)
        : LocalSessionStore.create(vertx, MAP, reaperMs);
    return new LoginStore(store, ttlMs);
  }

  /** Logins held, ended ones not yet swept out included (tests). */
  Future<Integer> size() {
    return store.size();
  }

  public long ttlMs() {
    return ttlMs;
  }

  /** A new login ending {@code ttlMs} after {@code now}: its token, or a failure when {@link #MAX_LOGINS} are live. */
  public Future<String> create(long now) {
    return store.size().compose(n -> {
      if (n >= MAX_LOGINS) return Future.failedFuture(new IllegalStateException("too many live logins"));
      Session s = store.createSession(ttlMs, TOKEN_BYTES);
      s.put(UNTIL, now + ttlMs);
      return store.put(s).map(s.id());
    });
  }

  /** When {@code token}'s login ends (epoch ms), or 0 when it is unknown, logged out or expired. */
  public Future<Long> validUntil(String token, long now) {
    if (token == null || token.isEmpty() || token.length() > 2 * TOKEN_BYTES) return Future.succeededFuture(0L);
    return store.get(token).map(s -> {
      Long until = s == null ? null : s.get(UNTIL);
      return until == null || until <= now ? 0L : until;
    }).otherwise(0L);
  }

  public Future<Void> remove(String token) {
    return token == null ? Future.succeededFuture() : store.delete(token);
  }
}
