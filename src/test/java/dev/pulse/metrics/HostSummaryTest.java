package dev.pulse.metrics;

import static dev.pulse.testsupport.PulseTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.Fields;
import dev.pulse.testsupport.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host summary beside the ring buffer, without Docker: one push per interval on {@code pulse.summary.<host>} with
 * the newest point of each container sampled since the last one, and the bounded backfill {@code host.summary} reads.
 */
class HostSummaryTest {

  private static final String HOST = "local";
  private static final String A = "a1".repeat(32);
  private static final String B = "b2".repeat(32);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Vertx vertx;
  private final LinkedBlockingQueue<JsonObject> pushes = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    await(vertx.deployVerticle(new RingBufferVerticle(100, List.of(HOST), null, 60_000, 100)));
    await(vertx.eventBus().<JsonObject>consumer(Addresses.summary(HOST), m -> pushes.add(m.body())).completion());
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private void sample(String id, long i) {
    vertx.eventBus().send(Addresses.SAMPLES, RingFileTest.sample(i).toJson().put(Fields.HOST, HOST).put(Fields.ID, id));
  }

  private long newestSeq(String id) {
    JsonObject h = await(vertx.eventBus().<JsonObject>request(Addresses.history(HOST),
        new JsonObject().put(Fields.HOST, HOST).put(Fields.ID, id).put(Fields.FROM, 0))).body();
    return h.getLong(Fields.FROM) - 1;
  }

  /** The next push that holds {@code id}; pushes before it are skipped. */
  private JsonObject pushWith(String id) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      JsonObject p = pushes.poll(100, TimeUnit.MILLISECONDS);
      if (p != null && p.getJsonObject(Fields.POINTS).containsKey(id)) return p;
    }
    throw new AssertionError("no summary with " + id);
  }

  @Test
  void eachPushCarriesTheNewestPointOfEveryContainerSampledSinceTheLastOne() throws InterruptedException {
    for (int i = 0; i < 3; i++) sample(A, i);
    sample(B, 0);
    Await.until("four points appended", WAIT, () -> newestSeq(A) == 2 && newestSeq(B) == 0);
    JsonObject push = pushWith(A);
    assertEquals(HOST, push.getString(Fields.HOST));
    JsonObject points = push.getJsonObject(Fields.POINTS);
    assertTrue(points.containsKey(B), "both containers in one push: " + push);
    assertEquals(2L, points.getJsonObject(A).getLong("seq"), "the newest point of A, not the older ones");
    assertEquals(RingFileTest.stored(2).toPoint(2), points.getJsonObject(A), "a whole MetricPoint as the points push it");

    // only B samples from now on: the next push holding B has no A (its poller stopped, nothing new)
    pushes.clear();
    sample(B, 1);
    JsonObject next = pushWith(B);
    assertFalse(next.getJsonObject(Fields.POINTS).containsKey(A), "A has nothing new: " + next);
    assertEquals(1L, next.getJsonObject(Fields.POINTS).getJsonObject(B).getLong("seq"));
  }

  @Test
  void theBackfillHoldsAtMostTheNewestSixtyPointsOfTheIdsAsked() {
    for (int i = 0; i < 70; i++) sample(A, i);
    sample(B, 0);
    Await.until("71 points appended", WAIT, () -> newestSeq(A) == 69 && newestSeq(B) == 0);
    String unknown = "c3".repeat(32);
    JsonObject r = await(vertx.eventBus().<JsonObject>request(Addresses.recent(HOST), new JsonObject()
        .put(Fields.HOST, HOST).put(Fields.IDS, new JsonArray(List.of(A, unknown))))).body();
    JsonObject points = r.getJsonObject(Fields.POINTS);
    assertEquals(1, points.size(), "B not asked, the unknown id has no points: " + points.fieldNames());
    JsonObject a = points.getJsonObject(A);
    assertEquals(List.of("seq", "timestamp", "cpu", "mem"), List.copyOf(a.fieldNames()));
    assertEquals(RingBufferVerticle.RECENT_POINTS, a.getJsonArray("seq").size());
    assertEquals(10L, a.getJsonArray("seq").getLong(0));
    assertEquals(69L, a.getJsonArray("seq").getLong(RingBufferVerticle.RECENT_POINTS - 1));
    assertEquals(RingFileTest.stored(69).toPoint(69), r.getJsonObject(Fields.NEWEST).getJsonObject(A));
    assertEquals(RingFileTest.stored(69).toPoint(69).getDouble("cpu"),
        a.getJsonArray("cpu").getDouble(RingBufferVerticle.RECENT_POINTS - 1), "values rounded as in a MetricPoint");
  }
}
