package dev.pulse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CostMeterTest {

  private static final long S = 1_000_000_000L;

  @Test
  void cpuAndSamplesSinceTheOldestMark() {
    CostMeter m = new CostMeter(0, 0);
    for (int i = 0; i < 100; i++) m.sample();
    // 10 s, 0.5 s of CPU, 100 samples: 5 % of a core, 10 samples/s, 5 ms a sample
    JsonObject c = m.cost(10 * S, S / 2);
    assertEquals(5.0, c.getDouble("CpuPercent"));
    assertEquals(10.0, c.getDouble("SamplesPerSecond"));
    assertEquals(5.0, c.getDouble("CpuMsPerSample"));
  }

  @Test
  void onlyTheLastMinuteCounts() {
    CostMeter m = new CostMeter(0, 0);
    // a busy start: 1000 samples and 10 s of CPU in the first 5 s
    for (int i = 0; i < 1000; i++) m.sample();
    long cpu = 10 * S;
    for (int step = 1; step <= 20; step++) {
      m.mark(step * CostMeter.STEP_NANOS, cpu);
      for (int i = 0; i < 50; i++) m.sample();
      cpu += S / 100;
    }
    // 20 steps later (100 s), the window is the last 13 marks: 60 s of 10 samples/s and 0.2 % CPU
    JsonObject c = m.cost(20 * CostMeter.STEP_NANOS + CostMeter.STEP_NANOS, cpu);
    assertEquals(10.0, c.getDouble("SamplesPerSecond"));
    assertEquals(0.2, c.getDouble("CpuPercent"));
    assertEquals(0.2, c.getDouble("CpuMsPerSample"));
  }

  @Test
  void noSamplesNoCostPerSample() {
    CostMeter m = new CostMeter(0, 0);
    JsonObject c = m.cost(5 * S, S / 10);
    assertNull(c.getValue("CpuMsPerSample"));
    assertEquals(0.0, c.getDouble("SamplesPerSecond"));
    assertEquals(2.0, c.getDouble("CpuPercent"));
    assertEquals(0.0, new CostMeter(7, 7).cost(7, 7).getDouble("CpuPercent"), "no time passed");
  }
}
