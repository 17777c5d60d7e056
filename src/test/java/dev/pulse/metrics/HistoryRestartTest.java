package dev.pulse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.NodeProcess;
import dev.pulse.testsupport.Points;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulse in its own JVM on a data directory, against the real engine: a busy container's history survives a
 * {@code kill -9} and a SIGTERM unchanged, seq continues and the down time is a gap; a container removed while Pulse
 * was down leaves no history and no file; a bad file is set aside, reported in the log, and Pulse serves the rest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class HistoryRestartTest {

  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long INTERVAL_MS = 1000;

  @TempDir
  Path data;

  private TestDocker docker;

  @BeforeAll
  void engine() {
    docker = TestDocker.require();
  }

  @AfterAll
  void cleanup() {
    if (docker != null) docker.close();
  }

  private NodeProcess launch() {
    Map<String, String> env = new HashMap<>();
    env.put("PULSE_DATA_DIR", data.toString());
    env.put("PULSE_DOCKER_HOSTS", "local=" + docker.url());
    env.put("PULSE_POLL_INTERVAL_MS", String.valueOf(INTERVAL_MS));
    env.put("PULSE_SAMPLING", "oneshot");
    return NodeProcess.launch("history", NodeProcess.freePort(), env).awaitHealthy(START);
  }

  private static String metrics(String id) {
    return "/api/hosts/local/containers/" + id + "/metrics";
  }

  /** Reads the container's history (starting its poller) until it holds at least {@code n} points. */
  private static JsonArray pointsOnceAtLeast(NodeProcess node, String id, int n) {
    JsonArray[] points = new JsonArray[1];
    Await.until(n + " points of " + id, WAIT, () -> {
      var r = node.get(metrics(id));
      if (r.statusCode() != 200) return false;
      points[0] = Points.of(new JsonObject(r.body()));
      return points[0].size() >= n;
    });
    return points[0];
  }

  private Path file(String id) {
    return data.resolve("local").resolve(id + RingFile.SUFFIX);
  }

  /**
   * Every point from before the restart comes back with the same seq, values and timestamp; the first point after it
   * has the next seq and a timestamp at least the down time later.
   */
  private static void assertContinues(JsonArray before, NodeProcess node, String id, long downSince, long upAgain) {
    JsonArray after = pointsOnceAtLeast(node, id, before.size() + 2);
    Map<Long, JsonObject> bySeq = new HashMap<>();
    after.forEach(p -> bySeq.put(((JsonObject) p).getLong("seq"), (JsonObject) p));
    for (Object p : before) {
      JsonObject point = (JsonObject) p;
      assertEquals(point, bySeq.get(point.getLong("seq")), "point " + point.getLong("seq") + " unchanged");
    }
    long seq = after.getJsonObject(0).getLong("seq");
    int firstNew = -1;
    for (int i = 0; i < after.size(); i++) {
      JsonObject point = after.getJsonObject(i);
      assertEquals(seq + i, point.getLong("seq"), "seq continues without a hole or a restart from 0");
      if (firstNew < 0 && point.getLong("timestamp") > upAgain) firstNew = i;
    }
    assertTrue(firstNew > 0, "old points, then new ones: " + after.encode());
    long lastOld = after.getJsonObject(firstNew - 1).getLong("timestamp");
    long firstAfter = after.getJsonObject(firstNew).getLong("timestamp");
    assertTrue(lastOld <= downSince, "the last point before the gap was taken before the stop");
    assertTrue(firstAfter - lastOld >= upAgain - downSince,
        "the down time is a gap in the timestamps: " + lastOld + " → " + firstAfter);
    assertTrue(firstAfter - lastOld > 2 * INTERVAL_MS, "a gap of more than two intervals");
  }

  @Test
  void historySurvivesKill9AndSigtermAndRemovedContainersLoseTheirFiles() throws Exception {
    String busy = docker.runBusy("hist-busy");
    String doomed = docker.runIdle("hist-doomed");
    String spoiled = docker.runIdle("hist-spoiled");
    NodeProcess node = launch();
    try {
      assertEquals("disk", node.json("/api/status").getString("History"));
      assertNull(node.json("/api/status").getValue("HistoryError"));
      pointsOnceAtLeast(node, doomed, 2);
      JsonArray before = pointsOnceAtLeast(node, busy, 6);
      assertTrue(before.getJsonObject(before.size() - 1).getDouble("cpu") > 20, "a busy container");
      assertTrue(Files.exists(file(doomed)));

      // kill -9, and meanwhile one container is removed and one file spoiled
      long downSince = System.currentTimeMillis();
      node.kill();
      docker.remove(doomed);
      Files.write(file(spoiled), new byte[4096]);
      node.start();
      node.awaitHealthy(START);
      long upAgain = System.currentTimeMillis();
      assertContinues(before, node, busy, downSince, upAgain);

      Await.until("the removed container's file deleted once discovery listed the host", WAIT,
          () -> !Files.exists(file(doomed)));
      assertEquals(404, node.get(metrics(doomed)).statusCode(), "no history for a removed container");
      try (Stream<Path> files = Files.list(data.resolve("local"))) {
        assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith(spoiled + ".ring.bad-")).count());
      }
      String log = node.output();
      assertTrue(log.contains("pulse: history: " + file(spoiled) + ": not a Pulse ring file (wrong magic); set aside"),
          log);
      assertEquals(200, node.get(metrics(spoiled)).statusCode(), "the spoiled container is served, afresh");
      assertEquals("disk", node.json("/api/status").getString("History"));

      // a clean stop (SIGTERM) keeps everything as well
      JsonArray beforeTerm = pointsOnceAtLeast(node, busy, 0);
      long termAt = System.currentTimeMillis();
      node.close();
      assertFalse(Files.exists(file(doomed)));
      node.start();
      node.awaitHealthy(START);
      assertContinues(beforeTerm, node, busy, termAt, System.currentTimeMillis());
    } finally {
      node.close();
    }
  }

  @Test
  void aSmallerBufferSizeKeepsTheNewestPoints() throws IOException {
    // unit-level resize is in RingFileTest; here the whole path: config → start-up → REST
    String idle = docker.runIdle("hist-resize");
    NodeProcess node = launch();
    JsonArray before;
    try {
      before = pointsOnceAtLeast(node, idle, 4);
    } finally {
      node.close();
    }
    Map<String, String> env = new HashMap<>();
    env.put("PULSE_DATA_DIR", data.toString());
    env.put("PULSE_DOCKER_HOSTS", "local=" + docker.url());
    env.put("PULSE_BUFFER_SIZE", "2");
    try (NodeProcess small = NodeProcess.launch("history-small", NodeProcess.freePort(), env).awaitHealthy(START)) {
      JsonArray kept = pointsOnceAtLeast(small, idle, 1);
      assertEquals(2, kept.size(), kept.encode());
      long newest = kept.getJsonObject(1).getLong("seq");
      assertTrue(newest >= before.getJsonObject(before.size() - 1).getLong("seq"), "the newest points are kept");
      assertEquals(RingFile.bytes(2), Files.size(file(idle)));
    }
  }
}
