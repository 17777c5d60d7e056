package dev.pulse.command;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.BusClient;
import dev.pulse.bus.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * {@link Addresses#COMMAND} as a method call for the server's own callers (REST, {@code /metrics}): the same
 * {@code {"Action": ..., "Args": {...}}} a browser sends over the bridge, so both get the same answers and errors.
 */
public final class CommandClient extends BusClient {

  public CommandClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  /** The reply body of {@code action}; a failure carries the HTTP status ({@code bus/Failures}). */
  public Future<JsonObject> request(String action, JsonObject args) {
    return ask(Addresses.COMMAND, body(action, args));
  }

  public Future<JsonObject> request(String action) {
    return request(action, new JsonObject());
  }

  /** The message of one command, as a browser writes it too. */
  public static JsonObject body(String action, JsonObject args) {
    return new JsonObject().put(Fields.ACTION, action).put(Fields.ARGS, args);
  }
}
