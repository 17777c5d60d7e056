package dev.pulse.config;

/** A configuration value Pulse cannot run with; the message names the key and is meant for one line on stderr. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
