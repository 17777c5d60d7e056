package dev.pulse.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/** What the typed client of each service address shares: the event bus and the delivery options of its caller. */
public abstract class BusClient {

  protected final Vertx vertx;
  protected final DeliveryOptions options;

  protected BusClient(Vertx vertx, DeliveryOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /** The reply body; a failure keeps the {@code ReplyException} with its HTTP status ({@link Failures}). */
  protected Future<JsonObject> ask(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body);
  }
}
