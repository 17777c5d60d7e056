package dev.pulse.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The non-blocking one-shot client: real samples from the real engine, and clear failures from a broken one. */
@Timeout(60)
class OneShotStatsClientTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  @Test
  void samplesARealContainerManyAtOnceAndKnowsARemovedOne() throws Exception {
    try (TestDocker docker = TestDocker.require()) {
      String busy = docker.runBusy("oneshot");
      OneShotStatsClient client = OneShotStatsClient.create(vertx, new DockerHostSpec("local", docker.url()));
      StatsSnapshot first = await(client.oneShot(busy));
      assertTrue(first.cpuTotal() > 0 && first.memUsage() > 0 && first.pids() >= 1, first.toString());

      // far more requests in flight than the old 64 worker threads: all answered, each a real sample
      List<Future<StatsSnapshot>> many = new ArrayList<>();
      for (int i = 0; i < 150; i++) many.add(client.oneShot(busy));
      await(Future.all(many));
      for (Future<StatsSnapshot> f : many) assertTrue(f.result().cpuTotal() >= first.cpuTotal(), "counters only grow");

      docker.remove(busy);
      Throwable gone = failure(client.oneShot(busy));
      assertInstanceOf(DockerGateway.NoSuchContainer.class, gone, gone.toString());
      await(client.close());
    }
  }

  @Test
  void aBrokenEngineGivesClearFailures() throws Exception {
    HttpServer engine = await(vertx.createHttpServer().requestHandler(req -> {
      if (req.path().contains("/garbage/")) req.response().end("{\"cpu_stats\": [oops");
      else req.response().setStatusCode(500).end("{\"message\":\"daemon on fire\"}");
    }).listen(0, "127.0.0.1"));
    OneShotStatsClient client = OneShotStatsClient.create(vertx,
        new DockerHostSpec("fake", "tcp://127.0.0.1:" + engine.actualPort()));
    Throwable status = failure(client.oneShot("abc"));
    assertEquals("stats of abc answered HTTP 500: {\"message\":\"daemon on fire\"}", status.getMessage());
    Throwable garbage = failure(client.oneShot("garbage"));
    assertTrue(garbage.getMessage().startsWith("stats of garbage: unreadable answer"), garbage.getMessage());

    OneShotStatsClient nowhere = OneShotStatsClient.create(vertx,
        new DockerHostSpec("gone", "unix:///nonexistent/docker.sock"));
    assertTrue(failure(nowhere.oneShot("abc")) != null, "no engine: a failure, not a hang");
  }

  private static Throwable failure(Future<?> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure, got " + f.result());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /**
   * Both pools look for idle connections at the client's own period, not Vert.x's default (a wake-up of an event loop
   * per pool and period whatever the collector), and keep their sizes.
   */
  @Test
  void thePoolsSweepIdleConnectionsAtTheirOwnPeriod() {
    io.vertx.core.http.PoolOptions pool = OneShotStatsClient.pool(OneShotStatsClient.MAX_STREAMS);
    assertEquals(OneShotStatsClient.POOL_CLEANER_MS, pool.getCleanerPeriod());
    assertEquals(OneShotStatsClient.MAX_STREAMS, pool.getHttp1MaxSize());
    assertTrue(pool.getCleanerPeriod() > io.vertx.core.http.PoolOptions.DEFAULT_POOL_CLEANER_PERIOD);
    assertTrue(pool.getCleanerPeriod() < new io.vertx.core.http.HttpClientOptions().getKeepAliveTimeout() * 1000,
        "an idle connection still goes within two keep-alive periods");
  }
}
