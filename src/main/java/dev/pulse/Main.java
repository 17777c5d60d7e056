package dev.pulse;

import dev.pulse.cluster.ClusterSetup;
import dev.pulse.config.ConfigException;
import dev.pulse.config.ConfigLoader;
import dev.pulse.config.PulseConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code java -jar pulse.jar}: reads the configuration, starts a node (clustered when configured), stops it cleanly
 * on SIGTERM. Start-up runs step by step on the main thread, so no event loop waits on Hazelcast.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    quietLogging();
    try {
      // vertx-config needs a Vert.x; the node's own (maybe clustered) one is built from what it reads
      Vertx bootstrap = Vertx.vertx();
      PulseConfig config;
      try {
        config = await(ConfigLoader.load(bootstrap), 30);
      } finally {
        await(bootstrap.close(), 10);
      }
      ClusterSetup cluster = await(ClusterSetup.start(config.cluster(), config.nodeId()), 120);
      Pulse pulse;
      try {
        pulse = await(Pulse.start(cluster, config), 60);
      } catch (Exception e) {
        cluster.vertx().close();
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          await(pulse.stop(), 10);
          await(cluster.vertx().close(), 10);
        } catch (Exception e) {
          System.err.println("pulse: unclean shutdown: " + e.getMessage());
        }
      }, "pulse-shutdown"));
      System.out.printf("pulse: node %s listening on %s://%s:%d/ (Docker hosts %s, every %d ms%s)%n",
          config.nodeId(), config.security().tls() ? "https" : "http", config.httpHost(), pulse.httpPort(),
          String.join(", ", config.dockerHosts().stream().map(h -> h.name()).toList()), config.pollIntervalMs(),
          config.cluster().enabled() ? ", clustered on " + config.cluster().host() + ":" + config.cluster().port() : "");
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      String message = cause instanceof ConfigException ? cause.getMessage() : "start-up failed: " + cause.getMessage();
      System.err.println("pulse: " + message);
      Runtime.getRuntime().halt(1);
    }
  }

  /**
   * Vert.x logs through java.util.logging, whose console handler prints every exception's stack: a client that resets
   * its socket would cost a screenful each. One line a record instead, naming the exception, never its stack.
   */
  static void quietLogging() {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) root.removeHandler(h);
    ConsoleHandler console = new ConsoleHandler();
    console.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord r) {
        Throwable t = r.getThrown();
        return "pulse: " + r.getLevel() + " " + r.getLoggerName() + ": " + formatMessage(r)
            + (t == null ? "" : " (" + t + ")") + System.lineSeparator();
      }
    });
    root.addHandler(console);
  }

  private static <T> T await(Future<T> future, int seconds)
      throws ExecutionException, InterruptedException, TimeoutException {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
