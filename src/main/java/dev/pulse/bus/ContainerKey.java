package dev.pulse.bus;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * One container of one Docker host: the identity every table, address and file of Pulse is keyed by. Its text form
 * {@code <host>/<full id>} is written and read only here; a key always holds a valid host name and a full id, so
 * nothing built from one (an event-bus address, a file name, a log line) can carry a dot, a slash or a short id.
 */
public record ContainerKey(String host, String id) {

  /** Host names travel in event-bus addresses and URL paths, so dots and slashes are not allowed. */
  public static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  /** A full container id as the engine gives it. */
  public static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");
  private static final char SEPARATOR = '/';

  public ContainerKey {
    if (!isHostName(host)) throw new IllegalArgumentException("not a host name: " + printable(host));
    if (!isFullId(id)) throw new IllegalArgumentException("not a full container id: " + printable(id));
  }

  /**
   * Whether {@code s} matches {@link #HOST_NAME}; checked character by character, as {@link #isFullId}: keys are
   * checked on paths every sample takes, where a regex match was a measurable share of a sample's CPU.
   */
  public static boolean isHostName(String s) {
    if (s == null || s.isEmpty() || s.length() > 63 || !alphanumeric(s.charAt(0))) return false;
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!alphanumeric(c) && c != '_' && c != '-') return false;
    }
    return true;
  }

  /** Whether {@code s} matches {@link #FULL_ID}. */
  public static boolean isFullId(String s) {
    if (s == null || s.length() != 64) return false;
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) return false;
    }
    return true;
  }

  private static boolean alphanumeric(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** The key of {@code host} and {@code id}, or null when either is not valid (input from outside, or junk). */
  public static ContainerKey orNull(String host, String id) {
    return isHostName(host) && isFullId(id) ? new ContainerKey(host, id) : null;
  }

  /** Reads {@code {Host, Id}} of a message; null when either is missing or not valid. */
  public static ContainerKey of(JsonObject body) {
    return body == null ? null : orNull(body.getString(Fields.HOST), body.getString(Fields.ID));
  }

  /** Parses {@code <host>/<full id>}; throws {@link IllegalArgumentException} for any other text. */
  public static ContainerKey parse(String text) {
    int slash = text == null ? -1 : text.indexOf(SEPARATOR);
    if (slash < 0) throw new IllegalArgumentException("not <host>/<id>: " + printable(text));
    return new ContainerKey(text.substring(0, slash), text.substring(slash + 1));
  }

  /** {@code {Host, Id}}, the fields every message about one container starts with. */
  public JsonObject toJson() {
    return new JsonObject().put(Fields.HOST, host).put(Fields.ID, id);
  }

  /** The first 12 digits of the id, as {@code docker ps} shows it. */
  public String shortId() {
    return id.substring(0, 12);
  }

  /** {@code <host>/<full id>}, the form {@link #parse} reads. */
  @Override
  public String toString() {
    return host + SEPARATOR + id;
  }

  private static String printable(String s) {
    if (s == null) return "null";
    String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
