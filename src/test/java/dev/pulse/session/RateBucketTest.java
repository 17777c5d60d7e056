package dev.pulse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A socket's frame budget, on an injected clock. */
class RateBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstThenTheRateThenClosed() {
    RateBucket b = new RateBucket(0);
    int taken = 0;
    while (b.take(0)) taken++;
    assertEquals(RateBucket.BURST, taken, "a burst at once");
    assertTrue(b.take(SECOND / RateBucket.PER_SECOND), "one more after 1/rate of a second");
    assertFalse(b.take(SECOND / RateBucket.PER_SECOND));
    assertFalse(b.exhausted(), "refusals below the limit keep the socket");
    int second = 0;
    for (long t = SECOND / RateBucket.PER_SECOND + SECOND / 1000; t <= SECOND + SECOND / RateBucket.PER_SECOND;
        t += SECOND / 1000) if (b.take(t)) second++;
    assertTrue(Math.abs(second - RateBucket.PER_SECOND) <= 1, second + " frames in a second");
    for (int i = 0; i <= RateBucket.MAX_REFUSALS; i++) b.take(SECOND + SECOND / RateBucket.PER_SECOND);
    assertTrue(b.exhausted());
  }

  @Test
  void aClockThatGoesBackwardsGivesNothing() {
    RateBucket b = new RateBucket(10 * SECOND);
    while (b.take(10 * SECOND)) { }
    assertFalse(b.take(0), "no tokens from a backwards step");
    assertFalse(b.take(10 * SECOND), "nor when time comes back to where it was");
  }
}
