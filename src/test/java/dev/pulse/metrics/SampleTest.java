package dev.pulse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.docker.StatsSnapshot;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A value no container can have is a missed sample, never a point. Failed before the fix: memory −1 and pids −7 were
 * stored and pushed as points.
 */
class SampleTest {

  private static StatsSnapshot snapshot(long t, long cpus, long mem, long limit, long rx, long pids) {
    return new StatsSnapshot(t * 1_000_000_000L, t * 500_000_000L, t * 2_000_000_000L, (int) cpus, mem, limit, rx, 0,
        0, 0, pids);
  }

  @Test
  void anOrdinaryPairMakesAPoint() {
    Optional<Sample> s = Sample.between(snapshot(1, 2, 100, 1000, 0, 3), snapshot(2, 2, 200, 1000, 10, 3), 5, 1);
    assertTrue(s.isPresent());
    assertEquals(50.0, s.get().cpu(), 1e-9);
    assertEquals(3, s.get().pids());
  }

  @ParameterizedTest
  @CsvSource({
      "2, -1, 1000, 0, 3",      // memory -1
      "2, 100, 1000, 0, -7",    // pids -7
      "2, 100, -5, 0, 3",       // negative limit
      "2, 100, 1000, -10, 3",   // a negative byte counter
      "2, 100, 1000, 0, 99999999", // more processes than Linux allows
      "-4, 100, 1000, 0, 3",    // negative CPUs
      "9999999, 100, 1000, 0, 3", // absurd CPU count
  })
  void anImpossibleValueIsAMissedSample(long cpus, long mem, long limit, long rx, long pids) {
    StatsSnapshot good = snapshot(1, 2, 100, 1000, 0, 3);
    StatsSnapshot bad = snapshot(2, cpus, mem, limit, rx, pids);
    assertEquals(Optional.empty(), Sample.between(good, bad, 5, 1), bad.toString());
    assertEquals(Optional.empty(), Sample.between(bad, good, 5, 1), "as the earlier one too: " + bad);
  }

  @Test
  void aCpuFigureBeyondEveryCoreBusyIsAMissedSample() {
    StatsSnapshot prev = new StatsSnapshot(1_000_000_000L, 0, 1_000, 2, 1, 10, 0, 0, 0, 0, 1);
    StatsSnapshot cur = new StatsSnapshot(2_000_000_000L, 1_000_000, 2_000, 2, 1, 10, 0, 0, 0, 0, 1);
    assertEquals(Optional.empty(), Sample.between(prev, cur, 5, 1), "1000 × the system's CPU time");
  }
}
