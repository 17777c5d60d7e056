package dev.pulse.session;

import static dev.pulse.session.SessionVerticle.ADDRESS;
import static dev.pulse.session.SessionVerticle.OP_REGISTERED;
import static dev.pulse.session.SessionVerticle.OP_WATCH;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.BusClient;
import dev.pulse.bus.Fields;
import dev.pulse.docker.ContainerInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * The sessions' addresses as method calls: {@link Addresses#session(String)} of one browser connection's
 * {@link SessionVerticle}, and {@link Addresses#SESSIONS}, the node's {@link SessionsVerticle}. The only class that
 * writes these messages.
 */
public final class SessionClient extends BusClient {

  public SessionClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  public SessionClient(Vertx vertx) {
    this(vertx, new DeliveryOptions());
  }

  /**
   * Session {@code session} watches {@code ref} (id, id prefix or name) of {@code host}: the lease is the session's and
   * goes with it. The container found.
   */
  public Future<ContainerInfo> watch(String session, String host, String ref) {
    return ask(Addresses.session(session), new JsonObject().put(Fields.OP, OP_WATCH).put(Fields.HOST, host)
        .put(Fields.ID, ref)).map(ContainerInfo::fromJson);
  }

  /** How many sessions this node holds. */
  public Future<Integer> count() {
    return ask(Addresses.SESSIONS, new JsonObject()).map(b -> b.getInteger(Fields.SESSIONS));
  }

  /**
   * May the session's socket pass a bridge frame ({@code op} of {@link SessionVerticle}, with the address it names or
   * null)? Fails with the session's status (401, 429) when not.
   */
  Future<JsonObject> admit(String session, String op, String address) {
    JsonObject body = new JsonObject().put(Fields.OP, op);
    if (address != null) body.put(ADDRESS, address);
    return ask(Addresses.session(session), body);
  }

  /** The bridge took the session's registration of {@code metricsAddress}. */
  void registered(String session, String metricsAddress) {
    vertx.eventBus().send(Addresses.session(session), new JsonObject().put(Fields.OP, OP_REGISTERED)
        .put(ADDRESS, metricsAddress));
  }

  void opened(String session) {
    vertx.eventBus().send(Addresses.SESSIONS, new JsonObject().put(Fields.OP, SessionsVerticle.OP_OPENED)
        .put(Fields.HOLDER, session));
  }

  void closed(String session) {
    vertx.eventBus().send(Addresses.SESSIONS, new JsonObject().put(Fields.OP, SessionsVerticle.OP_CLOSED)
        .put(Fields.HOLDER, session));
  }
}
