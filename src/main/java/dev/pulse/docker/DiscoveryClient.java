package dev.pulse.docker;

import static dev.pulse.docker.ContainerDiscoveryVerticle.OP_INFO;
import static dev.pulse.docker.ContainerDiscoveryVerticle.OP_LIST;
import static dev.pulse.docker.ContainerDiscoveryVerticle.OP_RESOLVE;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.BusClient;
import dev.pulse.bus.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One Docker host's discovery verticle ({@link Addresses#host(String)}, on whichever node owns the host) as method
 * calls. The only class that writes these requests and reads their replies; the verticle builds its replies here too.
 */
public final class DiscoveryClient extends BusClient {

  public DiscoveryClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  public DiscoveryClient(Vertx vertx) {
    this(vertx, new DeliveryOptions());
  }

  /** The host's card for {@code hosts.list}: {@code {Name, Available, Node, Engine, Containers, Error}}. */
  public Future<JsonObject> info(String host) {
    return ask(host, OP_INFO);
  }

  /** The host's containers, and whether its engine answers (the table is kept while it does not). */
  public Future<Listing> list(String host) {
    return ask(host, OP_LIST).map(body -> {
      List<ContainerInfo> containers = new ArrayList<>();
      JsonArray array = body.getJsonArray(Fields.CONTAINERS, new JsonArray());
      for (int i = 0; i < array.size(); i++) containers.add(ContainerInfo.fromJson(array.getJsonObject(i)));
      return new Listing(Boolean.TRUE.equals(body.getBoolean(Fields.AVAILABLE)), containers);
    });
  }

  /** The container {@code ref} names (full id, unique prefix of 12+ hex digits, or name); 404 or 400 otherwise. */
  public Future<ContainerInfo> resolve(String host, String ref) {
    return ask(Addresses.host(host), new JsonObject().put(Fields.OP, OP_RESOLVE).put(Fields.REF, ref))
        .map(ContainerInfo::fromJson);
  }

  private Future<JsonObject> ask(String host, String op) {
    return ask(Addresses.host(host), new JsonObject().put(Fields.OP, op));
  }

  /** What {@code list} answers. */
  public record Listing(boolean available, List<ContainerInfo> containers) {

    public JsonObject toJson() {
      return toJson(available, containers);
    }

    static JsonObject toJson(boolean available, Collection<ContainerInfo> containers) {
      JsonArray list = new JsonArray();
      containers.forEach(c -> list.add(c.toJson()));
      return new JsonObject().put(Fields.CONTAINERS, list).put(Fields.AVAILABLE, available);
    }
  }
}
