package dev.pulse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pulse.docker.StatsSnapshot;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CountersTest {

  private static StatsSnapshot read(long readNanos) {
    return new StatsSnapshot(readNanos, 2_500_000_000L, 9_000_000_000L, 2, 1000, 2000, 10, 20, 30, 40, 3);
  }

  @Test
  void theEnginesReadTimeWhenItIsWallClockTimeElseThePollers() {
    long now = 1_764_270_000_000L;
    JsonObject c = Counters.of("local", "abc", read((now - 700) * 1_000_000), now, 2);
    assertEquals(now - 700, c.getLong(Counters.TIME_MS), "the engine's read time");
    assertEquals(2_500_000_000L, c.getLong(Counters.CPU_NANOS));
    assertEquals(40L, c.getLong(Counters.BLK_WRITE));
    assertEquals(2L, c.getLong(Counters.MISSED));
    assertEquals(now, Counters.of("local", "abc", read(0), now, 0).getLong(Counters.TIME_MS), "no read time");
    assertEquals(now, Counters.of("local", "abc", read(123_456_789L), now, 0).getLong(Counters.TIME_MS),
        "a monotonic clock is not a time of day");
  }
}
