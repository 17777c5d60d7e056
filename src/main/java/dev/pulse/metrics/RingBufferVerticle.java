package dev.pulse.metrics;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one history store of this node. Numbers every sample the pollers send, keeps it in the container's
 * {@link RingBuffer}, and publishes it as a MetricPoint to {@code pulse.internal.points.<host>.<id>}, whence each
 * node's {@link dev.pulse.session.MetricsFanout} pushes it to the browsers registered for
 * {@code pulse.metrics.<host>.<id>}. The buffers are plain
 * fields of this verticle, touched only on its event loop: no locks. History outlives pollers; only a removed
 * container's history is dropped.
 */
public final class RingBufferVerticle extends VerticleBase {

  private final int capacity;
  private final List<String> hosts;
  private final Map<String, RingBuffer> buffers = new HashMap<>();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private CostMeter cost;

  /** @param hosts the Docker hosts this node owns: their history reads may come from any node of a cluster */
  public RingBufferVerticle(int capacity, List<String> hosts) {
    this.capacity = capacity;
    this.hosts = List.copyOf(hosts);
  }

  @Override
  public Future<?> start() {
    List<Future<Void>> ready = new ArrayList<>();
    cost = new CostMeter(System.nanoTime(), os.getProcessCpuTime());
    vertx.setPeriodic(CostMeter.STEP_NANOS / 1_000_000, t -> cost.mark(System.nanoTime(), os.getProcessCpuTime()));
    ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.COST, m ->
        m.reply(cost.cost(System.nanoTime(), os.getProcessCpuTime()))).completion());
    ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.SAMPLES, this::onSample).completion());
    ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.HISTORY_DROP, this::onDrop).completion());
    for (String host : hosts) {
      ready.add(vertx.eventBus().<JsonObject>consumer(Addresses.history(host), this::onHistory).completion());
    }
    return Future.all(ready);
  }

  private static String key(String host, String id) {
    return host + "/" + id;
  }

  private void onSample(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String host = body.getString(Fields.HOST);
    String id = body.getString(Fields.ID);
    Sample sample = Sample.fromJson(body);
    RingBuffer buffer = buffers.computeIfAbsent(key(host, id), k -> new RingBuffer(capacity));
    long seq = buffer.append(sample);
    cost.sample();
    vertx.eventBus().publish(Addresses.points(host, id), sample.toPoint(seq));
  }

  /** {@code {Host, Id, From}} → {@code {Metrics, From}}; a container never sampled has no points and From 0. */
  private void onHistory(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    long from = body.getLong(Fields.FROM, 0L);
    if (from < 0) {
      msg.fail(Failures.BAD_REQUEST, "From must be a non-negative integer");
      return;
    }
    RingBuffer buffer = buffers.get(key(body.getString(Fields.HOST), body.getString(Fields.ID)));
    if (buffer == null) {
      msg.reply(new JsonObject().put(Fields.METRICS, RingBuffer.empty()).put(Fields.FROM, 0L));
      return;
    }
    msg.reply(new JsonObject().put(Fields.METRICS, buffer.read(from)).put(Fields.FROM, buffer.nextSeq()));
  }

  private void onDrop(Message<JsonObject> msg) {
    buffers.remove(key(msg.body().getString(Fields.HOST), msg.body().getString(Fields.ID)));
    msg.reply(null);
  }
}
