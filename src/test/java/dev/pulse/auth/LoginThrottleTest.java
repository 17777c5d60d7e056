package dev.pulse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The login limiter with an injected clock. Failed before the fix (there was no global limit): 500 addresses gave
 * 844 tries a second, and 10,000 failures from other addresses emptied the per-address table, resetting every delay.
 */
class LoginThrottleTest {

  @Test
  void manyAddressesShareOneGlobalBudget() {
    LoginThrottle t = new LoginThrottle();
    long now = 1_000_000;
    int admitted = 0;
    for (int i = 0; i < 10_000; i++) {
      if (t.admit(now) == 0) {
        admitted++;
        t.failed("10.0." + (i / 256) + "." + (i % 256), now);
      }
    }
    assertEquals(LoginThrottle.GLOBAL_BURST, admitted, "a burst, then nothing, whatever the addresses");
    long wait = t.admit(now);
    assertTrue(wait > 0 && wait <= 1000, "the next one may come in " + wait + " ms");
    // over a minute, one a second
    int later = 0;
    for (long ms = 0; ms < 60_000; ms += 100) {
      if (t.admit(now + ms) == 0) later++;
    }
    assertEquals(60, later, 1);
  }

  @Test
  void aCorrectPasswordGivesItsTokenBack() {
    LoginThrottle t = new LoginThrottle();
    for (int i = 0; i < 1000; i++) {
      assertEquals(0, t.admit(0), "attempt " + i);
      t.succeeded("127.0.0.1");
    }
  }

  @Test
  void theAddressTableIsBoundedAndAFloodCannotResetTheGlobalBucket() {
    LoginThrottle t = new LoginThrottle();
    for (int i = 0; i < LoginThrottle.GLOBAL_BURST; i++) {
      t.admit(0);
      t.failed("victim-or-attacker", 0);
    }
    for (int i = 0; i < 3 * LoginThrottle.MAX_TRACKED; i++) t.failed("flood-" + i, 0);
    assertEquals(LoginThrottle.MAX_TRACKED, t.tracked());
    assertTrue(t.admit(0) > 0, "the global bucket is still empty");
  }

  @Test
  void oneAddressIsDelayedDoublingUpToTenSecondsAndForgivenAfterAQuietMinute() {
    LoginThrottle t = new LoginThrottle();
    long now = 0;
    for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) t.failed("a", now);
    assertEquals(0, t.delayMs("a", now), "the free failures are not delayed");
    t.failed("a", now);
    assertEquals(250, t.delayMs("a", now));
    t.failed("a", now);
    assertEquals(500, t.delayMs("a", now));
    for (int i = 0; i < 20; i++) t.failed("a", now);
    assertEquals(LoginThrottle.MAX_DELAY_MS, t.delayMs("a", now));
    assertEquals(0, t.delayMs("b", now), "other addresses are not delayed");
    assertEquals(0, t.delayMs("a", now + 60_001), "forgiven");
  }
}
