package dev.pulse.command;

import dev.pulse.bus.ContainerKey;
import dev.pulse.bus.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The arguments of a command, checked before anything else sees them. Each reader returns the value or throws an
 * {@link IllegalArgumentException} whose message is the client's error text, the same for REST and the bridge.
 */
final class CommandArgs {

  /** Container ids, id prefixes and names as Docker allows them. */
  static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  /** Ids a {@code host.summary} may name (a bridge frame of 16 KiB holds about 230). */
  static final int MAX_IDS = 1_000;

  private CommandArgs() {}

  static String host(JsonObject args) {
    if (args.getValue(Fields.HOST) instanceof String host && ContainerKey.isHostName(host)) return host;
    throw new IllegalArgumentException("Host must be a host name");
  }

  static String ref(JsonObject args) {
    if (args.getValue(Fields.ID) instanceof String ref && REF.matcher(ref).matches()) return ref;
    throw new IllegalArgumentException("Id must be a container id, an id prefix of 12+ hex digits, or a name");
  }

  /** {@code From}: absent means 0; otherwise a whole JSON number ≥ 0. */
  static long from(JsonObject args) {
    return parseFrom(args.getValue(Fields.FROM));
  }

  static long parseFrom(Object value) {
    String problem = "From must be a non-negative integer";
    if (value == null) return 0;
    if (value instanceof Integer || value instanceof Long) {
      long v = ((Number) value).longValue();
      if (v < 0) throw new IllegalArgumentException(problem);
      return v;
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (d < 0 || d != Math.rint(d) || d > Long.MAX_VALUE) throw new IllegalArgumentException(problem);
      return (long) d;
    }
    throw new IllegalArgumentException(problem);
  }

  /** {@code Ids}: absent means every container (null); otherwise at most {@link #MAX_IDS} full container ids. */
  static Set<String> ids(JsonObject args) {
    Object raw = args.getValue(Fields.IDS);
    if (raw == null) return null;
    if (!(raw instanceof JsonArray ids) || ids.size() > MAX_IDS
        || !ids.stream().allMatch(id -> id instanceof String text && ContainerKey.isFullId(text))) {
      throw new IllegalArgumentException("Ids must be an array of at most " + MAX_IDS + " full container ids");
    }
    Set<String> only = new HashSet<>();
    for (Object id : ids) only.add((String) id);
    return only;
  }
}
