package dev.pulse.metrics;

import io.vertx.core.json.JsonObject;

/**
 * What this node costs: its process CPU time and the samples it produced, over about the last minute. Counted
 * where the samples arrive (the ring buffer verticle owns it and calls it only on its event loop: no locks);
 * {@link #mark} every {@link #STEP_NANOS} keeps a short ring of (time, CPU, samples), and {@link #cost} compares now
 * with the oldest mark. Time and CPU are passed in, so tests drive it with their own clock.
 */
public final class CostMeter {

  public static final long STEP_NANOS = 5_000_000_000L;
  /** Enough marks to span a minute. */
  static final int MARKS = 13;

  private final long[] at = new long[MARKS];
  private final long[] cpu = new long[MARKS];
  private final long[] counts = new long[MARKS];
  private int next;
  private int size;
  private long samples;

  public CostMeter(long nowNanos, long cpuNanos) {
    mark(nowNanos, cpuNanos);
  }

  public void sample() {
    samples++;
  }

  public void mark(long nowNanos, long cpuNanos) {
    at[next] = nowNanos;
    cpu[next] = cpuNanos;
    counts[next] = samples;
    next = (next + 1) % MARKS;
    size = Math.min(size + 1, MARKS);
  }

  /** {@code {"CpuPercent", "SamplesPerSecond", "CpuMsPerSample"}} since the oldest mark; the last is null without samples. */
  public JsonObject cost(long nowNanos, long cpuNanos) {
    int oldest = (next - size + MARKS) % MARKS;
    double seconds = (nowNanos - at[oldest]) / 1e9;
    long cpuDelta = Math.max(0, cpuNanos - cpu[oldest]);
    long sampleDelta = samples - counts[oldest];
    JsonObject out = new JsonObject()
        .put("CpuPercent", seconds <= 0 ? 0.0 : round(cpuDelta / 1e9 / seconds * 100, 1000))
        .put("SamplesPerSecond", seconds <= 0 ? 0.0 : round(sampleDelta / seconds, 1000));
    return out.put("CpuMsPerSample", sampleDelta == 0 ? null : round(cpuDelta / 1e6 / sampleDelta, 10_000));
  }

  private static double round(double v, double scale) {
    return Math.round(v * scale) / scale;
  }

}
