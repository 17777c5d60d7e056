package dev.pulse.prometheus;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.ContainerKey;
import dev.pulse.bus.Fields;
import dev.pulse.metrics.Counters;
import dev.pulse.metrics.SampleBatch;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps, for the Docker hosts this node owns, the newest cumulative counters of each sampled container and how many
 * samples were collected and missed, and answers a scrape of one host on {@link Addresses#scrape(String)} (from any
 * node of a cluster). Its maps are touched only on its event loop.
 */
public final class ContainerCountersVerticle extends VerticleBase {

  public static final String COLLECTED = "Collected";
  public static final String MISSED = "Missed";

  private final List<String> hosts;
  /** The newest batch item of each container: its JSON is built only when a scrape asks. */
  private final Map<ContainerKey, SampleBatch.Item> newest = new LinkedHashMap<>();
  private final Map<String, long[]> totals = new HashMap<>();

  public ContainerCountersVerticle(List<String> hosts) {
    this.hosts = List.copyOf(hosts);
  }

  @Override
  public Future<?> start() {
    for (String host : hosts) totals.put(host, new long[2]);
    List<Future<Void>> ready = new ArrayList<>();
    SampleBatch.registerCodec(vertx.eventBus());
    ready.add(vertx.eventBus().<SampleBatch>localConsumer(Addresses.COUNTERS, this::onCounters).completion());
    ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.CONTAINERS, this::onContainer).completion());
    for (String host : hosts) {
      ready.add(vertx.eventBus().<JsonObject>consumer(Addresses.scrape(host), msg -> msg.reply(scrape(host)))
          .completion());
    }
    return Future.all(ready);
  }

  private void onCounters(Message<SampleBatch> msg) {
    for (SampleBatch.Item c : msg.body().items()) {
      long[] t = totals.get(c.host());
      if (t == null) continue;
      t[0]++;
      t[1] += c.missed();
      newest.put(c.key(), c);
    }
  }

  /** A removed container's counters go with it. */
  private void onContainer(Message<JsonObject> msg) {
    if ("destroy".equals(msg.body().getString(Fields.ACTION))) {
      newest.remove(ContainerKey.of(msg.body()));
    }
  }

  private JsonObject scrape(String host) {
    JsonArray containers = new JsonArray();
    newest.values().forEach(c -> {
      if (host.equals(c.host())) {
        containers.add(Counters.of(c.host(), c.id(), c.snapshot(), c.sample().timestamp(), c.missed()));
      }
    });
    long[] t = totals.get(host);
    return new JsonObject().put(Fields.HOST, host).put(Fields.CONTAINERS, containers).put(COLLECTED, t[0])
        .put(MISSED, t[1]);
  }
}
