package dev.pulse.bench;

import dev.pulse.Pulse;
import dev.pulse.bus.Addresses;
import dev.pulse.bus.Fields;
import dev.pulse.cluster.ClusterSetup;
import dev.pulse.config.ConfigLoader;
import dev.pulse.config.PulseConfig;
import dev.pulse.metrics.Sample;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Pulse as {@code dev.pulse.Main} starts it (same configuration loading, same {@link ClusterSetup#start} and
 * {@link Pulse#start}), plus
 * two benchmark hooks that live in the same JVM because they need its event bus:
 * <ul>
 *   <li>{@code BENCH_PROBE_ID=<64 hex>} and {@code BENCH_PROBE_FILE=<path>}: an event-bus outbound interceptor
 *       writes {@code <seq> <System.nanoTime()>} for every MetricPoint published to
 *       {@code pulse.metrics.local.<id>}, taken inside the ring buffer's publish() call. {@code System.nanoTime} is CLOCK_MONOTONIC on Linux, shared by all processes,
 *       so a client JVM on the same machine can subtract it from its own receipt times.</li>
 *   <li>{@code BENCH_FILL_ID=<64 hex>}, {@code BENCH_FILL_N}, {@code BENCH_FILL_PROFILE=busy|idle}: sends N synthetic
 *       samples of that container to the ring buffer (the pollers' address), so a 3000-point history exists without
 *       sampling for 50 minutes (the engine's collector gives one sample a second at most).</li>
 * </ul>
 * Prints {@code bench-server: ready} when both are done.
 */
public final class BenchServer {

  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    Vertx bootstrap = Vertx.vertx();
    PulseConfig config;
    try {
      config = await(ConfigLoader.load(bootstrap));
    } finally {
      await(bootstrap.close());
    }
    // the node's Vert.x as Main builds it (its transport included), unclustered unless the configuration says so
    ClusterSetup cluster = await(ClusterSetup.start(config.cluster(), config.nodeId()));
    Vertx vertx = cluster.vertx();
    Pulse pulse = await(Pulse.start(cluster, config));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        await(pulse.stop());
        await(vertx.close());
      } catch (Exception e) {
        System.err.println("bench-server: unclean shutdown: " + e);
      }
    }, "bench-shutdown"));

    String probeId = System.getenv("BENCH_PROBE_ID");
    if (probeId != null && !probeId.isBlank()) {
      // An outbound interceptor runs on the publishing thread inside publish(), before any handler is scheduled:
      // its clock reading is the publish moment. The file is written by a background thread.
      String address = Addresses.points("local", probeId);
      LinkedBlockingQueue<long[]> published = new LinkedBlockingQueue<>();
      vertx.eventBus().addOutboundInterceptor(ctx -> {
        if (address.equals(ctx.message().address()) && ctx.message().body() instanceof JsonObject point) {
          published.add(new long[] {point.getLong("seq"), System.nanoTime()});
        }
        ctx.next();
      });
      PrintWriter out = new PrintWriter(new FileWriter(System.getenv("BENCH_PROBE_FILE")), false);
      Thread writer = new Thread(() -> {
        try {
          while (true) {
            long[] p = published.take();
            out.println(p[0] + " " + p[1]);
            out.flush();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bench-probe-writer");
      writer.setDaemon(true);
      writer.start();
    }

    String fillId = System.getenv("BENCH_FILL_ID");
    if (fillId != null && !fillId.isBlank()) {
      int n = Integer.parseInt(System.getenv().getOrDefault("BENCH_FILL_N", "3000"));
      boolean busy = !"idle".equals(System.getenv().getOrDefault("BENCH_FILL_PROFILE", "busy"));
      SplittableRandom r = new SplittableRandom(1);
      long t = System.currentTimeMillis() - 1000L * n;
      for (int i = 0; i < n; i++) {
        Sample s = busy
            // a working web container: every field moving, values with the digits real ones have
            ? new Sample(t + 1000L * i, r.nextDouble(0, 150), 40_000_000 + r.nextInt(200_000_000), 25_276_510_208L,
                r.nextDouble(0, 2e6), r.nextDouble(0, 5e6), r.nextDouble(0, 1e6), r.nextDouble(0, 4e6),
                20 + r.nextInt(80))
            // an idle container (sleep): near-zero CPU, constant memory, no I/O
            : new Sample(t + 1000L * i, r.nextDouble(0, 0.02), 630_784, 25_276_510_208L, 0, 0, 0, 0, 1);
        vertx.eventBus().send(Addresses.SAMPLES, s.toJson().put(Fields.HOST, "local").put(Fields.ID, fillId));
      }
    }
    // Vert.x's own API, not ClusterSetup's: an older Pulse jar (a benchmark's baseline) may not have it
    System.out.println("bench-server: ready on port " + pulse.httpPort() + ", transport "
        + (vertx.isNativeTransportEnabled() ? "native" : "nio"));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
