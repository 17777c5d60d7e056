package dev.pulse.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFromTheFirstWaitUpToTheCap() {
    Backoff b = new Backoff(250, 2_000);
    assertEquals(0, b.delayMs(0), "no failure, no wait");
    assertEquals(250, b.delayMs(1));
    assertEquals(500, b.delayMs(2));
    assertEquals(1_000, b.delayMs(3));
    assertEquals(2_000, b.delayMs(4));
    assertEquals(2_000, b.delayMs(5));
  }

  @Test
  void aCapThatIsNoPowerOfTwoOfTheStartIsReachedExactly() {
    Backoff poller = new Backoff(3_000, 30_000);
    assertEquals(24_000, poller.delayMs(4));
    assertEquals(30_000, poller.delayMs(5));
  }

  @Test
  void endlessFailuresNeitherOverflowNorTakeLong() {
    Backoff b = new Backoff(1, Long.MAX_VALUE / 2 + 1);
    assertEquals(Long.MAX_VALUE / 2 + 1, b.delayMs(Integer.MAX_VALUE));
    assertEquals(30_000, new Backoff(100, 30_000).delayMs(Integer.MAX_VALUE));
  }

  @Test
  void refusesAnEmptyOrInvertedRange() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 5));
  }
}
