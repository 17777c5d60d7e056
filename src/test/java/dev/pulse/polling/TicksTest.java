package dev.pulse.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cgroup poller's timing rules on a clock the test sets. */
class TicksTest {

  private static final long INTERVAL = 1_000;
  private static final long MS = 1_000_000L;

  @Test
  void ticksLandOnMultiplesOfTheInterval() {
    assertEquals(997, Ticks.toNextAligned(1_764_270_000_003L, INTERVAL));
    assertEquals(1, Ticks.toNextAligned(1_764_270_000_999L, INTERVAL));
    assertEquals(INTERVAL, Ticks.toNextAligned(1_764_270_000_000L, INTERVAL), "on an instant: the next one");
    assertEquals(3_000 - 1_000, Ticks.toNextAligned(1_764_270_001_000L, 3_000));
  }

  /**
   * The defect fixed in 390178a: the files open (first snapshot) 3 ms before an aligned tick; a point over those 3 ms
   * read 0 % for a busy container. Without the rule this first tick would make a point.
   */
  @Test
  void theFirstPointSpansAtLeastHalfAnInterval() {
    long opened = 5_000 * MS; // System.nanoTime() of the first snapshot
    long firstTick = opened + Ticks.toNextAligned(1_764_270_000_997L, INTERVAL) * MS;
    assertEquals(3 * MS, firstTick - opened);
    assertFalse(Ticks.spansEnough(firstTick - opened, INTERVAL), "3 ms after the first snapshot: no point yet");
    assertTrue(Ticks.spansEnough(firstTick + INTERVAL * MS - opened, INTERVAL), "the next tick makes the point");
    assertTrue(Ticks.spansEnough(INTERVAL / 2 * MS, INTERVAL), "half an interval is enough");
    assertFalse(Ticks.spansEnough(INTERVAL / 2 * MS - 1, INTERVAL));
    assertTrue(Ticks.spansEnough((INTERVAL - 20) * MS, INTERVAL), "a tick a little late or early still counts");
  }
}
