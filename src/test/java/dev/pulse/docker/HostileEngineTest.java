package dev.pulse.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile engine on 127.0.0.1: endless bodies and answers that trickle forever. Every read is capped and every
 * request ends; a stats stream is capped per sample and ends when no sample completes in time. Failed before the fix: the one-shot client read a 64 MiB stats answer in full (and waited forever on a
 * trickle, its idle timeout reset by every byte); docker-java read a 32 MiB container list in full.
 */
@Timeout(120)
class HostileEngineTest {

  private static final String ENTRY = "{\"Id\":\"" + "a".repeat(64) + "\",\"Names\":[\"/x\"],\"State\":\"running\"},";

  private static final String SAMPLE = "{\"read\":\"2026-11-28T05:00:00.5Z\",\"pids_stats\":{\"current\":3},"
      + "\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":1000},\"system_cpu_usage\":5000,\"online_cpus\":2}}";

  private final Vertx client = Vertx.vertx();
  private final Vertx engineVertx = Vertx.vertx();
  private HttpServer engine;
  /** Bytes the hostile engine managed to write, over all answers. */
  private volatile long written;

  @BeforeEach
  void start() throws Exception {
    engine = await(engineVertx.createHttpServer().requestHandler(req -> {
      HttpServerResponse r = req.response().setChunked(true).putHeader("Content-Type", "application/json");
      if (req.path().endsWith("/huge/stats")) {
        r.write("{\"read\":\"");
        endless(r, Buffer.buffer("x".repeat(64 * 1024)), 1024); // 64 MiB
      } else if (req.path().endsWith("/trickle/stats") || req.path().endsWith("/_ping")
          || req.path().endsWith("/version")) {
        r.write("{");
        engineVertx.setPeriodic(500, t -> {
          if (!r.closed()) r.write(" ");
          else engineVertx.cancelTimer(t);
        });
      } else if (req.path().endsWith("/lines/stats")) {
        // three samples as the daemon streams them, one a line, the second split across writes
        r.write(SAMPLE + "\n" + SAMPLE.substring(0, 20));
        engineVertx.setTimer(50, t -> r.end(SAMPLE.substring(20) + "\n\n" + SAMPLE + "\n"));
      } else if (req.path().endsWith("/containers/json")) {
        r.write("[");
        endless(r, Buffer.buffer(ENTRY.repeat(64 * 1024 / ENTRY.length())), 512); // 32 MiB of containers
      } else {
        r.setStatusCode(404).end("{\"message\":\"no\"}");
      }
    }).listen(0, "127.0.0.1"));
  }

  /** Writes {@code chunk} {@code times} times, as fast as the reader takes it, then closes the JSON. */
  private void endless(HttpServerResponse r, Buffer chunk, int times) {
    int[] left = {times};
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      while (left[0] > 0 && !r.writeQueueFull() && !r.closed()) {
        r.write(chunk);
        written += chunk.length();
        left[0]--;
      }
      if (r.closed()) return;
      if (left[0] == 0) r.end("{}]");
      else r.drainHandler(v -> pump[0].run());
    };
    pump[0].run();
  }

  @AfterEach
  void stop() throws Exception {
    await(client.close());
    await(engineVertx.close());
  }

  private DockerHostSpec spec() {
    return new DockerHostSpec("hostile", "tcp://127.0.0.1:" + engine.actualPort());
  }

  @Test
  void aHugeStatsAnswerIsCutOffNotBuffered() throws Exception {
    OneShotStatsClient stats = OneShotStatsClient.create(client, spec());
    Throwable err = failure(stats.oneShot("huge"), 60);
    assertTrue(err.getMessage().contains("larger than"), err.getMessage());
    assertTrue(written < 16L * 1024 * 1024, "the engine wrote " + written + " bytes before the client hung up");
  }

  @Test
  void aTricklingStatsAnswerTimesOut() throws Exception {
    OneShotStatsClient stats = OneShotStatsClient.create(client, spec());
    long t0 = System.nanoTime();
    Throwable err = failure(stats.oneShot("trickle"), OneShotStatsClient.REQUEST_TIMEOUT_MS / 1000 + 10);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < OneShotStatsClient.REQUEST_TIMEOUT_MS + 3000, "gave up after " + ms + " ms: " + err);
  }

  @Test
  void aStreamDeliversEachSampleAndItsEnd() throws Exception {
    java.util.List<StatsSnapshot> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
    Throwable end = streamEnd("lines", samples::add, 10);
    assertEquals(null, end, "the engine ended the stream cleanly");
    assertEquals(3, samples.size(), samples.toString());
    assertEquals(3, samples.get(2).pids());
  }

  @Test
  void aHugeStreamSampleEndsTheStreamNotTheHeap() throws Exception {
    Throwable end = streamEnd("huge", s -> { }, 60);
    assertTrue(end.getMessage().contains("larger than"), end.getMessage());
    assertTrue(written < 16L * 1024 * 1024, "the engine wrote " + written + " bytes before the client hung up");
  }

  @Test
  void aTricklingStreamEnds() throws Exception {
    long t0 = System.nanoTime();
    Throwable end = streamEnd("trickle", s -> { }, OneShotStatsClient.STREAM_SAMPLE_MS / 1000 + 10);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(end.getMessage().contains("no complete sample"), end.getMessage());
    assertTrue(ms < OneShotStatsClient.STREAM_SAMPLE_MS + 3000, "gave up after " + ms + " ms");
  }

  @Test
  void aStreamOfAContainerTheEngineDoesNotKnowSaysSo() throws Exception {
    assertTrue(streamEnd("nope", s -> { }, 10) instanceof DockerGateway.NoSuchContainer);
  }

  /** Opens a stream on an event loop of the client, as a poller does, and waits for its end. */
  private Throwable streamEnd(String id, java.util.function.Consumer<StatsSnapshot> onSample, long seconds)
      throws Exception {
    OneShotStatsClient stats = OneShotStatsClient.create(client, spec());
    java.util.concurrent.CompletableFuture<java.util.Optional<Throwable>> end =
        new java.util.concurrent.CompletableFuture<>();
    client.runOnContext(v -> stats.stream(id, onSample, err -> end.complete(java.util.Optional.ofNullable(err))));
    return end.get(seconds, TimeUnit.SECONDS).orElse(null);
  }

  @Test
  void aHugeContainerListIsRefused() throws Exception {
    DockerJavaGateway gateway = new DockerJavaGateway(spec(), 4, OneShotStatsClient.create(client, spec()));
    try {
      RuntimeException e = assertThrows(RuntimeException.class, gateway::list);
      assertTrue(written < 2L * BoundedDockerHttpClient.MAX_LINE, "read " + written + " bytes: " + e);
    } finally {
      gateway.close();
    }
  }

  @Test
  void aTricklingVersionAnswerTimesOut() {
    DockerJavaGateway gateway = new DockerJavaGateway(spec(), 4, OneShotStatsClient.create(client, spec()));
    try {
      long t0 = System.nanoTime();
      assertThrows(RuntimeException.class, gateway::version);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < DockerJavaGateway.RESPONSE_TIMEOUT.toMillis() + 5000, "gave up after " + ms + " ms");
    } finally {
      gateway.close();
    }
  }

  private static Throwable failure(Future<?> f, long seconds) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure, got " + f.result());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
