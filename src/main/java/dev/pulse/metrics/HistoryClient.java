package dev.pulse.metrics;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.BusClient;
import dev.pulse.bus.ContainerKey;
import dev.pulse.bus.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The ring buffer's addresses as method calls: history reads ({@link Addresses#history(String)}, on the node owning
 * the host), drops and the history state. Samples come in as batches ({@code polling/TickBatch}).
 */
public final class HistoryClient extends BusClient {

  public HistoryClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  public HistoryClient(Vertx vertx) {
    this(vertx, new DeliveryOptions());
  }

  /** {@code {Metrics, From}}: the points from {@code from} on as columns, and the {@code seq} to ask from next. */
  public Future<JsonObject> read(ContainerKey key, long from) {
    return ask(Addresses.history(key.host()), key.toJson().put(Fields.FROM, from));
  }

  /**
   * {@code {Points: {id: recent columns}, Newest: {id: MetricPoint}}}: the newest points of those of {@code ids} that
   * have any, for the list's sparklines.
   */
  public Future<JsonObject> recent(String host, JsonArray ids) {
    return ask(Addresses.recent(host), new JsonObject().put(Fields.HOST, host).put(Fields.IDS, ids));
  }

  /** A removed container: its history (and file) goes. */
  public Future<Void> drop(ContainerKey key) {
    return ask(Addresses.HISTORY_DROP, key.toJson()).mapEmpty();
  }

  /** {@code {History, HistoryError}} of this node, for {@code status}. */
  public Future<JsonObject> state() {
    return ask(Addresses.HISTORY_STATE, new JsonObject());
  }

  /** {@code {CpuPercent, SamplesPerSecond, CpuMsPerSample}}: this node's own cost over the last minute. */
  public Future<JsonObject> cost() {
    return ask(Addresses.COST, new JsonObject());
  }
}
