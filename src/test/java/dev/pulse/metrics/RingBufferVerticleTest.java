package dev.pulse.metrics;

import static dev.pulse.testsupport.PulseTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.Fields;
import dev.pulse.testsupport.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ring-buffer verticle on a data directory, without Docker: history across a redeploy, files deleted with their
 * containers and for containers discovery no longer lists, bad files set aside, and an unusable directory reported
 * while history goes on in memory.
 */
class RingBufferVerticleTest {

  private static final String HOST = "local";
  private static final String A = "a1".repeat(32);
  private static final String B = "b2".repeat(32);
  private static final String C = "c3".repeat(32);
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path data;

  private Vertx vertx;
  private String deployment;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private void deploy() {
    deployment = await(vertx.deployVerticle(new RingBufferVerticle(5, List.of(HOST), data, 60_000)));
  }

  private void undeploy() {
    await(vertx.undeploy(deployment));
  }

  private Path file(String id) {
    return data.resolve(HOST).resolve(id + RingFile.SUFFIX);
  }

  private void sample(String id, long i) {
    vertx.eventBus().send(Addresses.SAMPLES, RingFileTest.sample(i).toJson().put(Fields.HOST, HOST).put(Fields.ID, id));
  }

  private JsonObject history(String id) {
    return await(vertx.eventBus().<JsonObject>request(Addresses.history(HOST),
        new JsonObject().put(Fields.HOST, HOST).put(Fields.ID, id).put(Fields.FROM, 0))).body();
  }

  private JsonObject state() {
    return await(vertx.eventBus().<JsonObject>request(Addresses.HISTORY_STATE, new JsonObject())).body();
  }

  private void sampled(String id, int from, int to) {
    for (int i = from; i < to; i++) sample(id, i);
    Await.until(id + " holds seq " + (to - 1), WAIT, () -> history(id).getLong(Fields.FROM) == to);
  }

  @Test
  void historyOutlivesARedeployAndSeqContinues() {
    deploy();
    sampled(A, 0, 3);
    Await.until("the file is made", WAIT, () -> Files.exists(file(A)));
    sampled(A, 3, 7);
    JsonObject before = history(A);
    assertEquals("disk", state().getString(Fields.HISTORY));
    assertNull(state().getString(Fields.HISTORY_ERROR));
    undeploy();

    deploy();
    assertEquals(before, history(A), "the same points, seqs and timestamps");
    sample(A, 100);
    Await.until("a new point", WAIT, () -> history(A).getLong(Fields.FROM) == 8);
    JsonArray seqs = history(A).getJsonObject(Fields.METRICS).getJsonArray("seq");
    assertEquals(new JsonArray(List.of(3L, 4L, 5L, 6L, 7L)), seqs, "seq continues after the loaded points");
  }

  @Test
  void aRemovedContainersFileIsDeletedWithIt() {
    deploy();
    sampled(A, 0, 2);
    Await.until("the file is made", WAIT, () -> Files.exists(file(A)));
    await(vertx.eventBus().request(Addresses.HISTORY_DROP, new JsonObject().put(Fields.HOST, HOST).put(Fields.ID, A)));
    Await.until("the file is deleted", WAIT, () -> !Files.exists(file(A)));
    assertEquals(0L, history(A).getLong(Fields.FROM));
  }

  @Test
  void filesOfContainersDiscoveryNoLongerListsAreDeletedOnceItHasListedTheHost() {
    deploy();
    sampled(A, 0, 2);
    sampled(B, 0, 2);
    Await.until("both files are made", WAIT, () -> Files.exists(file(A)) && Files.exists(file(B)));
    undeploy();

    // B was removed while Pulse was down; discovery lists only A
    vertx.eventBus().<JsonObject>consumer(Addresses.host(HOST), msg -> msg.reply(new JsonObject()
        .put(Fields.AVAILABLE, true).put(Fields.CONTAINERS, new JsonArray().add(new JsonObject().put(Fields.ID, A)))));
    deploy();
    assertEquals(2L, history(B).getLong(Fields.FROM), "loaded until discovery has listed the host");
    vertx.eventBus().publish(Addresses.CONTAINERS, new JsonObject().put(Fields.HOST, HOST).put(Fields.ACTION, "host")
        .put(Fields.AVAILABLE, true));
    Await.until("B's file is deleted", WAIT, () -> !Files.exists(file(B)));
    assertEquals(0L, history(B).getLong(Fields.FROM), "no history for a container that no longer exists");
    assertEquals(2L, history(A).getLong(Fields.FROM), "A keeps its history");
    assertTrue(Files.exists(file(A)));
  }

  @Test
  void aBadFileIsSetAsideAndEverythingElseLoads() throws IOException {
    deploy();
    sampled(A, 0, 2);
    Await.until("the file is made", WAIT, () -> Files.exists(file(A)));
    undeploy();
    Files.write(file(C), new byte[300]);
    Files.writeString(data.resolve(HOST).resolve("notes.txt"), "an operator's file");

    deploy();
    assertEquals(2L, history(A).getLong(Fields.FROM));
    assertEquals(0L, history(C).getLong(Fields.FROM));
    assertFalse(Files.exists(file(C)));
    try (Stream<Path> files = Files.list(data.resolve(HOST))) {
      assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith(C + ".ring.bad-")).count(),
          "the bad file is set aside under a new name");
    }
    assertTrue(Files.exists(data.resolve(HOST).resolve("notes.txt")), "other files are left alone");
    assertEquals("disk", state().getString(Fields.HISTORY));

    sampled(C, 0, 1);
    Await.until("C gets a fresh file", WAIT, () -> Files.exists(file(C)));
  }

  @Test
  void anUnusableDirectoryKeepsHistoryInMemoryAndSaysSo() throws IOException {
    // a file where the host's directory should be: nothing can be created there (root ignores permission bits)
    Files.writeString(data.resolve(HOST), "in the way");
    deploy();
    JsonObject state = state();
    assertEquals("memory", state.getString(Fields.HISTORY));
    assertTrue(state.getString(Fields.HISTORY_ERROR).contains(data.resolve(HOST).toString()), state.encode());
    sampled(A, 0, 3);
    assertEquals(3, history(A).getJsonObject(Fields.METRICS).getJsonArray("seq").size(), "served from memory");
    undeploy();
  }

  @Test
  void aSecondProcessOnTheSameDirectoryKeepsItsHistoryInMemory() {
    deploy();
    sampled(A, 0, 2);
    Await.until("the file is made", WAIT, () -> Files.exists(file(A)));
    // a second owner of the same directory (another Pulse process; here a second verticle, refused the same way)
    Vertx other = Vertx.vertx();
    try {
      await(other.deployVerticle(new RingBufferVerticle(5, List.of(HOST), data, 60_000)));
      JsonObject state = await(other.eventBus().<JsonObject>request(Addresses.HISTORY_STATE, new JsonObject())).body();
      assertEquals("memory", state.getString(Fields.HISTORY));
      assertTrue(state.getString(Fields.HISTORY_ERROR).endsWith("is in use by another Pulse process"), state.encode());
      JsonObject none = await(other.eventBus().<JsonObject>request(Addresses.history(HOST),
          new JsonObject().put(Fields.HOST, HOST).put(Fields.ID, A).put(Fields.FROM, 0))).body();
      assertEquals(0L, none.getLong(Fields.FROM), "it does not read the files the first one writes");
    } finally {
      await(other.close());
    }
    assertEquals(2L, history(A).getLong(Fields.FROM), "the owner goes on undisturbed");
    undeploy();
    deploy();
    assertEquals("disk", state().getString(Fields.HISTORY), "the lock is released by a stop");
  }

  @Test
  void aFileThatCannotBeMadeLaterIsRetriedAndTheBufferMovesToDisk() throws IOException {
    deployment = await(vertx.deployVerticle(new RingBufferVerticle(5, List.of(HOST), data, 100)));
    assertEquals("disk", state().getString(Fields.HISTORY));
    Files.delete(data.resolve(HOST).resolve(".lock"));
    Files.delete(data.resolve(HOST));
    Files.writeString(data.resolve(HOST), "in the way");
    sampled(A, 0, 3);
    Await.until("the failure is reported", WAIT, () -> "memory".equals(state().getString(Fields.HISTORY)));
    assertTrue(state().getString(Fields.HISTORY_ERROR).contains(A), state().encode());

    Files.delete(data.resolve(HOST));
    Await.until("the retry makes the file", WAIT, () -> Files.exists(file(A)));
    Await.until("disk again", WAIT, () -> "disk".equals(state().getString(Fields.HISTORY)));
    assertNull(state().getString(Fields.HISTORY_ERROR));
    JsonObject before = history(A);
    undeploy();
    deploy();
    assertEquals(before, history(A), "what was held in memory is on disk now");
  }
}
