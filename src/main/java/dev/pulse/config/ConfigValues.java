package dev.pulse.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one configuration value is read from the merged sources and refused: each error names the key as an operator
 * sets it, {@code PULSE_X (jsonKey)}, with what it must be and what it got.
 */
final class ConfigValues {

  private ConfigValues() {}

  static Path absolutePath(JsonObject json, String key, Path fallback) {
    String v = string(json, key, null);
    if (v == null || v.isEmpty()) return fallback;
    if (!v.startsWith("/") || v.indexOf('\0') >= 0) {
      throw new ConfigException(label(key) + " must be an absolute path (got '" + v + "')");
    }
    return Path.of(v).normalize();
  }

  static String oneOf(JsonObject json, String key, String fallback, List<String> allowed) {
    String v = string(json, key, fallback).toLowerCase(Locale.ROOT);
    if (v.isEmpty()) return fallback;
    if (!allowed.contains(v)) {
      throw new ConfigException(label(key) + " must be one of " + String.join(", ", allowed) + " (got '" + v + "')");
    }
    return v;
  }

  static String label(String key) {
    return ConfigLoader.ENV_KEYS.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey)
        .findFirst().orElse(key) + " (" + key + ")";
  }

  /** A comma-separated list (or JSON array) of lower-case items that each match {@code pattern}. */
  static List<String> list(JsonObject json, String key, String pattern, String what) {
    Object v = json.getValue(key);
    if (v == null) return List.of();
    Iterable<?> items = v instanceof JsonArray a ? a : Arrays.asList(string(json, key, "").split(","));
    List<String> out = new ArrayList<>();
    for (Object item : items) {
      String s = String.valueOf(item).trim().toLowerCase(Locale.ROOT);
      if (s.isEmpty()) continue;
      if (!s.matches(pattern)) throw new ConfigException(label(key) + ": '" + s + "' is not " + what);
      out.add(s);
    }
    return out;
  }

  static String optional(JsonObject json, String key) {
    String v = string(json, key, null);
    return v == null || v.isEmpty() ? null : v;
  }

  static boolean bool(JsonObject json, String key) {
    String v = string(json, key, "false");
    if (v.equalsIgnoreCase("true")) return true;
    if (v.equalsIgnoreCase("false") || v.isEmpty()) return false;
    throw new ConfigException(label(key) + " must be true or false (got '" + v + "')");
  }

  static String string(JsonObject json, String key, String fallback) {
    Object v = json.getValue(key);
    if (v == null) return fallback;
    if (v instanceof JsonObject || v instanceof JsonArray) {
      throw new ConfigException(label(key) + " must be a string");
    }
    return v instanceof String str && (key.equals("authSecret")) ? str : v.toString().trim();
  }

  static long number(JsonObject json, String key, long fallback, long min, long max) {
    Object v = json.getValue(key);
    if (v == null) return fallback;
    long n;
    if (v instanceof Number num) {
      if (num.doubleValue() != Math.rint(num.doubleValue())) {
        throw new ConfigException(label(key) + " must be a whole number (got " + v + ")");
      }
      n = num.longValue();
    } else {
      try {
        n = Long.parseLong(v.toString().trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(label(key) + " must be a whole number (got '" + v + "')");
      }
    }
    if (n < min || n > max) {
      throw new ConfigException(label(key) + " must be between " + min + " and " + max + " (got " + n + ")");
    }
    return n;
  }
}
