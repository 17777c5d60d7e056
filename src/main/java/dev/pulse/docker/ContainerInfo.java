package dev.pulse.docker;

import dev.pulse.bus.Fields;
import io.vertx.core.json.JsonObject;

/** One container as the list shows it. {@code id} is always the full 64-hex id; {@code name} has no leading slash. */
public record ContainerInfo(String host, String id, String name, String image, String state, String status) {

  /** The state of every container of a host whose engine does not answer: nobody knows. */
  public static final String UNKNOWN = "unknown";

  public boolean running() {
    return "running".equals(state);
  }

  /** This container as shown while its engine is unreachable. */
  public ContainerInfo unknown() {
    return new ContainerInfo(host, id, name, image, UNKNOWN, status);
  }

  public JsonObject toJson() {
    return new JsonObject().put(Fields.HOST, host).put(Fields.ID, id).put(Fields.NAME, name)
        .put(Fields.IMAGE, image).put(Fields.STATE, state).put(Fields.STATUS, status);
  }

  public static ContainerInfo fromJson(JsonObject json) {
    return new ContainerInfo(json.getString(Fields.HOST), json.getString(Fields.ID), json.getString(Fields.NAME),
        json.getString(Fields.IMAGE), json.getString(Fields.STATE), json.getString(Fields.STATUS));
  }
}
