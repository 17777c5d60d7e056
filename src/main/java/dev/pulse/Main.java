package dev.pulse;

import dev.pulse.config.ConfigException;
import dev.pulse.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** {@code java -jar pulse.jar}: reads the configuration, starts a node, stops it cleanly on SIGTERM. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    AtomicReference<Pulse> running = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        Pulse pulse = running.get();
        if (pulse != null) pulse.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("pulse: unclean shutdown: " + e);
      }
    }, "pulse-shutdown"));
    ConfigLoader.load(vertx)
        .compose(config -> Pulse.start(vertx, config))
        .onSuccess(pulse -> {
          running.set(pulse);
          var c = pulse.config();
          System.out.printf("pulse: node %s listening on http://%s:%d/ (%d Docker host(s), every %d ms)%n",
              c.nodeId(), c.httpHost(), pulse.httpPort(), c.dockerHosts().size(), c.pollIntervalMs());
        })
        .onFailure(err -> {
          String message = err instanceof ConfigException ? err.getMessage() : "start-up failed: " + err.getMessage();
          System.err.println("pulse: " + message);
          System.exit(1);
        });
  }
}
