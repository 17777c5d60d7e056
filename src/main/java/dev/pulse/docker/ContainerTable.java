package dev.pulse.docker;

import dev.pulse.bus.ContainerKey;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One Docker host's container table and what each change of it means for the rest of Pulse: the decisions of
 * {@link ContainerDiscoveryVerticle}, without Vert.x or an engine. Every method returns the changes to publish on
 * {@code pulse.containers}, in order. Owned by the discovery verticle's event loop.
 */
public final class ContainerTable {

  public static final String CREATE = "create";
  public static final String START = "start";
  public static final String DIE = "die";
  public static final String UPDATE = "update";
  public static final String DESTROY = "destroy";
  /** The {@code State} a destroyed container is published with. */
  public static final String REMOVED = "removed";

  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

  /** One change of one container, as published on {@code pulse.containers}. */
  public record Change(ContainerInfo container, String action) {

    public JsonObject toJson() {
      JsonObject change = container.toJson().put(Fields.ACTION, action);
      if (DESTROY.equals(action)) change.put(Fields.STATE, REMOVED);
      return change;
    }
  }

  private final String host;
  private final Map<String, ContainerInfo> containers = new LinkedHashMap<>();

  public ContainerTable(String host) {
    this.host = host;
  }

  /** Replaces the table by a fresh list: what changed while nobody was looking. */
  public List<Change> sync(List<ContainerInfo> fresh) {
    List<Change> out = new ArrayList<>();
    Map<String, ContainerInfo> next = new LinkedHashMap<>();
    for (ContainerInfo c : fresh) next.put(c.id(), c);
    for (ContainerInfo old : new ArrayList<>(containers.values())) {
      if (!next.containsKey(old.id())) {
        containers.remove(old.id());
        out.add(new Change(old, DESTROY));
      }
    }
    for (ContainerInfo c : next.values()) {
      ContainerInfo old = containers.put(c.id(), c);
      if (old == null) out.add(new Change(c, CREATE));
      else if (ContainerInfo.UNKNOWN.equals(old.state())) out.add(new Change(c, UPDATE)); // back from an outage
      else if (!old.state().equals(c.state())) out.add(new Change(c, c.running() ? START : DIE));
      else if (!old.name().equals(c.name()) || !old.image().equals(c.image())) out.add(new Change(c, UPDATE));
      // a Status that only aged ("Up 5 minutes" → "Up 6 minutes") is refreshed without a push
    }
    return out;
  }

  /** The engine went away: it may be restarting them, so every state is unknown until the next sync. */
  public List<Change> unknown() {
    List<Change> out = new ArrayList<>();
    for (ContainerInfo c : new ArrayList<>(containers.values())) {
      if (!ContainerInfo.UNKNOWN.equals(c.state())) {
        containers.put(c.id(), c.unknown());
        out.add(new Change(c.unknown(), UPDATE));
      }
    }
    return out;
  }

  /** A {@code destroy} event. */
  public List<Change> destroyed(String id) {
    ContainerInfo gone = containers.remove(id);
    return gone == null ? List.of() : List.of(new Change(gone, DESTROY));
  }

  /** What the engine said about {@code id} after an event {@code action}: absent means it is gone. */
  public List<Change> looked(String id, Optional<ContainerInfo> found, String action) {
    if (found.isEmpty()) return destroyed(id);
    containers.put(id, found.get());
    return List.of(new Change(found.get(), action));
  }

  public Collection<ContainerInfo> containers() {
    return containers.values();
  }

  public int size() {
    return containers.size();
  }

  /**
   * A full id, a unique prefix of at least 12 hex digits, or a name (with or without the leading slash).
   *
   * @throws NotFound with the HTTP status to answer (400 for an ambiguous prefix or empty reference, 404 for none)
   */
  public ContainerInfo resolve(String ref) {
    if (ref == null || ref.isEmpty()) throw new NotFound(Failures.BAD_REQUEST, "container reference is empty");
    String r = ref.startsWith("/") ? ref.substring(1) : ref;
    if (ContainerKey.isFullId(r) && containers.containsKey(r)) return containers.get(r);
    if (r.length() >= 12 && HEX.matcher(r).matches()) {
      List<ContainerInfo> matches = containers.values().stream().filter(c -> c.id().startsWith(r)).toList();
      if (matches.size() == 1) return matches.get(0);
      if (matches.size() > 1) {
        throw new NotFound(Failures.BAD_REQUEST, "id prefix '" + r + "' matches " + matches.size()
            + " containers on host '" + host + "'");
      }
    }
    for (ContainerInfo c : containers.values()) {
      if (c.name().equals(r)) return c;
    }
    throw new NotFound(Failures.NOT_FOUND, "no container '" + ref + "' on host '" + host + "'");
  }

  /** A reference that names no single container; {@code code} is the HTTP status. */
  public static final class NotFound extends RuntimeException {
    public final int code;

    NotFound(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }
}
