package dev.pulse.polling;

import static dev.pulse.polling.PollerSupervisorVerticle.OP_ACQUIRE;
import static dev.pulse.polling.PollerSupervisorVerticle.OP_COLLECTOR;
import static dev.pulse.polling.PollerSupervisorVerticle.OP_COLLECTOR_FAILED;
import static dev.pulse.polling.PollerSupervisorVerticle.OP_RELEASE;
import static dev.pulse.polling.PollerSupervisorVerticle.OP_STATUS;
import static dev.pulse.polling.PollerSupervisorVerticle.OP_TOUCH;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.BusClient;
import dev.pulse.bus.ContainerKey;
import dev.pulse.bus.Fields;
import dev.pulse.docker.ContainerInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The poller supervisor's addresses as method calls: {@link Addresses#leases(String)} of the node owning a host,
 * {@link Addresses#LEASES} of this node, and the cluster-wide {@link Addresses#LEASES_RELEASE_ALL}. The only class
 * that writes these messages; {@link Request} is how the supervisor reads them.
 */
public final class LeaseClient extends BusClient {

  public LeaseClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  public LeaseClient(Vertx vertx) {
    this(vertx, new DeliveryOptions());
  }

  /** {@code holder} (a session) watches {@code ref} (id, id prefix or name) of {@code host}: the container found. */
  public Future<ContainerInfo> acquire(String host, String ref, String holder) {
    return container(host, op(OP_ACQUIRE, host, ref).put(Fields.HOLDER, holder));
  }

  /** A REST read of {@code ref}: keeps its poller for the idle timeout; the container found. */
  public Future<ContainerInfo> touch(String host, String ref) {
    return container(host, op(OP_TOUCH, host, ref));
  }

  /** {@code holder} no longer watches the container; the linger starts when it was the last. */
  public Future<Void> release(ContainerKey key, String holder) {
    return ask(Addresses.leases(key.host()), op(OP_RELEASE, key.host(), key.id()).put(Fields.HOLDER, holder))
        .mapEmpty();
  }

  /** {@code holder} has ended: every node's supervisor drops its leases. */
  public void releaseAll(String holder) {
    vertx.eventBus().publish(Addresses.LEASES_RELEASE_ALL, new JsonObject().put(Fields.HOLDER, holder));
  }

  /** How many pollers this node runs. */
  public Future<Integer> pollers() {
    return ask(Addresses.LEASES, new JsonObject().put(Fields.OP, OP_STATUS)).map(b -> b.getInteger(Fields.POLLERS));
  }

  /** {@code {Collector, CollectorError}} of {@code host}, from the node that owns it. */
  public Future<JsonObject> collector(String host) {
    return ask(Addresses.leases(host), new JsonObject().put(Fields.OP, OP_COLLECTOR).put(Fields.HOST, host));
  }

  /** A poller of this node could not read its container's cgroup files. */
  public void collectorFailed(ContainerKey key, String error) {
    vertx.eventBus().send(Addresses.LEASES, key.toJson().put(Fields.OP, OP_COLLECTOR_FAILED).put(Fields.ERROR, error));
  }

  /** A holder's id: its cluster member's id first, so the leases of a member that left can be dropped. */
  public static String holder(String member, String local) {
    return member + "/" + local;
  }

  /** The member id a holder id starts with ("" when it names none). */
  public static String memberOf(String holder) {
    return holder.substring(0, Math.max(0, holder.lastIndexOf('/')));
  }

  private Future<ContainerInfo> container(String host, JsonObject body) {
    return ask(Addresses.leases(host), body).map(ContainerInfo::fromJson);
  }

  private static JsonObject op(String op, String host, String ref) {
    return new JsonObject().put(Fields.OP, op).put(Fields.HOST, host).put(Fields.ID, ref);
  }

  /**
   * One message to the supervisor, as it reads it. {@code ref} is what the asker named (a full id on release, any
   * reference on acquire and touch); a message on {@link Addresses#LEASES_RELEASE_ALL} is a release-all whatever it says.
   */
  public record Request(String op, String host, String ref, String holder, String error) {

    public static Request of(Message<JsonObject> msg) {
      JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
      String op = msg.address().equals(Addresses.LEASES_RELEASE_ALL) ? PollerSupervisorVerticle.OP_RELEASE_ALL
          : body.getString(Fields.OP, "");
      return new Request(op, body.getString(Fields.HOST), body.getString(Fields.ID), body.getString(Fields.HOLDER),
          body.getString(Fields.ERROR));
    }

    /** The container of a release, or null when the message does not name one. */
    public ContainerKey key() {
      return ContainerKey.orNull(host, ref);
    }
  }
}
