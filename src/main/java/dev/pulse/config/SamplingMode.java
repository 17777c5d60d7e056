package dev.pulse.config;

/** How a poller gets samples from the engine; see README "Sampling" for the measurements behind the default. */
public enum SamplingMode {
  /** One {@code one-shot=true} stats request per interval through docker-java's HTTP transport. */
  ONESHOT,
  /** One long-lived stats stream per container through docker-java's callback; samples between intervals are dropped. */
  STREAM;

  public static SamplingMode parse(String value) {
    for (SamplingMode m : values()) {
      if (m.name().equalsIgnoreCase(value.trim())) return m;
    }
    throw new ConfigException("PULSE_SAMPLING: '" + value + "' is not one of oneshot, stream");
  }
}
