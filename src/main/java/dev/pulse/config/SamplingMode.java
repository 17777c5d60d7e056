package dev.pulse.config;

/** How a poller gets samples from the engine; see README "Sampling" for the measurements behind the default. */
public enum SamplingMode {
  /** One {@code one-shot=true} stats request per interval through docker-java's HTTP transport. */
  ONESHOT,
  /** One long-lived stats stream per container through docker-java's callback; samples between intervals are dropped. */
  STREAM;

  /** Intervals below this sample by stream when the mode is {@code auto} (BENCHMARKS.md §1). */
  public static final long STREAM_BELOW_MS = 2000;

  /**
   * {@code oneshot}, {@code stream}, or {@code auto}: one-shot requests at intervals of 2 s and more (the daemon
   * collects only what is kept), streams below (one-shot requests wait for the daemon's collector round and fall
   * behind at short intervals).
   */
  public static SamplingMode parse(String value, long intervalMs) {
    String v = value.trim();
    if (v.equalsIgnoreCase("auto")) return intervalMs < STREAM_BELOW_MS ? STREAM : ONESHOT;
    for (SamplingMode m : values()) {
      if (m.name().equalsIgnoreCase(v)) return m;
    }
    throw new ConfigException("PULSE_SAMPLING: '" + value + "' is not one of auto, oneshot, stream");
  }
}
