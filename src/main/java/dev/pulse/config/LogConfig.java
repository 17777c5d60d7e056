package dev.pulse.config;

import java.util.List;

/**
 * How Pulse logs: the level of its own lines ({@code PULSE_LOG_LEVEL}) and their shape ({@code PULSE_LOG_FORMAT}:
 * {@code text} for people, {@code json} for a log shipper, one object a line).
 */
public record LogConfig(String level, String format) {

  public static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");
  public static final List<String> FORMATS = List.of("text", "json");

  public static LogConfig defaults() {
    return new LogConfig("info", "text");
  }

  public boolean json() {
    return "json".equals(format);
  }
}
