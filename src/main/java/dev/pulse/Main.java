package dev.pulse;

import dev.pulse.cluster.ClusterSetup;
import dev.pulse.config.ConfigException;
import dev.pulse.config.ConfigLoader;
import dev.pulse.config.PulseConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar pulse.jar}: reads the configuration, starts a node (clustered when configured), stops it cleanly
 * on SIGTERM.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    AtomicReference<Pulse> running = new AtomicReference<>();
    AtomicReference<Vertx> vertx = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        Pulse pulse = running.get();
        if (pulse != null) pulse.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Vertx v = vertx.get();
        if (v != null) v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("pulse: unclean shutdown: " + e);
      }
    }, "pulse-shutdown"));

    // vertx-config needs a Vert.x; the node's own (maybe clustered) one is built from what it reads
    // (closed only once the node runs: its event loop carries the start-up continuations)
    Vertx bootstrap = Vertx.vertx();
    Future<PulseConfig> config = ConfigLoader.load(bootstrap);
    config.compose(c -> ClusterSetup.start(c.cluster(), c.nodeId())
            .compose(cluster -> {
              vertx.set(cluster.vertx());
              return Pulse.start(cluster, c);
            }))
        .onComplete(ar -> bootstrap.close())
        .onSuccess(pulse -> {
          running.set(pulse);
          PulseConfig c = pulse.config();
          System.out.printf("pulse: node %s listening on %s://%s:%d/ (Docker hosts %s, every %d ms%s)%n",
              c.nodeId(), c.security().tls() ? "https" : "http", c.httpHost(), pulse.httpPort(),
              String.join(", ", c.dockerHosts().stream().map(h -> h.name()).toList()), c.pollIntervalMs(),
              c.cluster().enabled() ? ", clustered on " + c.cluster().host() + ":" + c.cluster().port() : "");
        })
        .onFailure(err -> {
          String message = err instanceof ConfigException ? err.getMessage() : "start-up failed: " + err.getMessage();
          System.err.println("pulse: " + message);
          Runtime.getRuntime().halt(1);
        });
  }
}
