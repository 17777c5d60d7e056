package dev.pulse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.testsupport.PulseTestServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Logins in vert.x-web's local session store: an absolute end, one truth for every handle on the same Vert.x. */
class LoginStoreTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    PulseTestServer.await(vertx.close());
  }

  @Test
  void aLoginEndsAtItsTtlAndLogoutEndsItForEveryHandle() {
    LoginStore one = LoginStore.create(vertx, 60_000);
    LoginStore other = LoginStore.create(vertx, 60_000);
    String token = PulseTestServer.await(one.create(1_000));
    assertTrue(token.matches("[0-9a-f]{64}"), token);
    assertEquals(61_000L, PulseTestServer.await(other.validUntil(token, 60_999)), "another handle reads it");
    assertEquals(0L, PulseTestServer.await(other.validUntil(token, 61_000)), "expired at its TTL");
    assertEquals(0L, PulseTestServer.await(one.validUntil("forged", 1_000)));
    assertEquals(0L, PulseTestServer.await(one.validUntil(null, 1_000)));
    assertEquals(0L, PulseTestServer.await(one.validUntil("a".repeat(100_000), 1_000)), "no lookup for a long cookie");
    assertNotEquals(token, PulseTestServer.await(one.create(1_000)));

    PulseTestServer.await(other.remove(token));
    assertEquals(0L, PulseTestServer.await(one.validUntil(token, 2_000)), "logged out everywhere");
  }

  /**
   * The sweep only frees memory: an ended login reads as ended at once, whether or not it has been swept out, and the
   * sweep still frees it (here at a short period), so ended logins cannot pile up to {@link LoginStore#MAX_LOGINS}.
   */
  @Test
  void anEndedLoginReadsEndedBeforeTheSweepAndIsSweptOut() {
    LoginStore store = LoginStore.create(vertx, 1, 50);
    String token = PulseTestServer.await(store.create(System.currentTimeMillis()));
    assertEquals(0L, PulseTestServer.await(store.validUntil(token, System.currentTimeMillis() + 1)));
    dev.pulse.testsupport.Await.until("the ended login swept out", java.time.Duration.ofSeconds(10),
        () -> PulseTestServer.await(store.size()) == 0);
    assertTrue(LoginStore.REAPER_MS > io.vertx.ext.web.sstore.LocalSessionStore.DEFAULT_REAPER_INTERVAL,
        "the shipped sweep is slower than vert.x-web's default");
  }
}
