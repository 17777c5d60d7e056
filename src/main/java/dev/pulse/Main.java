package dev.pulse;

import dev.pulse.cluster.ClusterSetup;
import dev.pulse.config.ConfigException;
import dev.pulse.config.ConfigLoader;
import dev.pulse.config.PulseConfig;
import dev.pulse.log.Logging;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar pulse.jar}: reads the configuration, starts a node (clustered when configured), stops it cleanly
 * on SIGTERM. Start-up runs step by step on the main thread, so no event loop waits on Hazelcast.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    try {
      // vertx-config needs a Vert.x; the node's own (maybe clustered) one is built from what it reads
      Vertx bootstrap = Vertx.vertx();
      PulseConfig config;
      try {
        JsonObject raw = await(ConfigLoader.raw(bootstrap), 30);
        Logging.configure(ConfigLoader.logging(raw));
        config = ConfigLoader.parse(raw);
      } finally {
        await(bootstrap.close(), 10);
      }
      LOG.info("Pulse {} starting: node {}, Java {}", version(), config.nodeId(), System.getProperty("java.version"));
      ClusterSetup cluster = await(ClusterSetup.start(config.cluster(), config.nodeId()), 120);
      Pulse pulse;
      try {
        pulse = await(Pulse.start(cluster, config), 60);
      } catch (Exception e) {
        cluster.vertx().close();
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        LOG.info("shutting down: stopping pollers and sessions");
        try {
          await(pulse.stop(), 10);
          await(cluster.vertx().close(), 10);
          LOG.info("stopped");
        } catch (Exception e) {
          LOG.warn("unclean shutdown: {}", e.getMessage());
        }
        ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).stop();
      }, "pulse-shutdown"));
      StartupLines.log(LOG, config, pulse.httpPort());
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      String message = cause instanceof ConfigException ? cause.getMessage() : "start-up failed: " + cause.getMessage();
      System.err.println("pulse: " + message);
      Runtime.getRuntime().halt(1);
    }
  }

  /** The jar's {@code Implementation-Version}; {@code dev} when run from classes. */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static <T> T await(Future<T> future, int seconds)
      throws ExecutionException, InterruptedException, TimeoutException {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
