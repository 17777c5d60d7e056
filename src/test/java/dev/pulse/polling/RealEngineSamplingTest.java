package dev.pulse.polling;

import dev.pulse.testsupport.Points;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.PulseTestServer;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Numbers from the real engine's stats API, next to what `docker stats` says about the same containers at the same
 * time ({@link dev.pulse.cgroup.CgroupCollectorRealEngineTest} does the same for the cgroup collector).
 */
@Timeout(120)
class RealEngineSamplingTest {

  private static final long INTERVAL = 1000;
  private static TestDocker docker;
  private static PulseTestServer server;
  private static String busy;
  private static String idle;

  @BeforeAll
  static void start() {
    docker = TestDocker.require();
    busy = docker.runBusy("busy");
    idle = docker.runIdle("idle");
    server = PulseTestServer.start(PulseTestServer.apiConfig(docker.url()).withPollIntervalMs(INTERVAL));
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (docker != null) docker.close();
  }

  /** The container's history; empty until discovery has seen the container. */
  private static JsonArray points(String id) {
    PulseTestServer.Reply r = server.get("/api/hosts/local/containers/" + id + "/metrics");
    return r.status() == 200 ? Points.of(r.json()) : new JsonArray();
  }

  private static JsonArray awaitPoints(String id, int n) {
    Await.until(n + " points of " + id.substring(0, 12), Duration.ofSeconds(30), () -> points(id).size() >= n);
    return points(id);
  }

  /** Mean CPU of the points sampled while `docker stats --no-stream` ran (it measures about 1-2 s). */
  private static double[] pulseAndCli(String id) {
    awaitPoints(id, 3);
    long t0 = System.currentTimeMillis();
    double cli = docker.cliCpuPercent(id);
    long t1 = System.currentTimeMillis();
    Await.until("a point after the CLI finished", Duration.ofSeconds(10), () -> {
      JsonArray p = points(id);
      return p.getJsonObject(p.size() - 1).getLong("timestamp") > t1;
    });
    List<Double> window = new ArrayList<>();
    for (Object o : points(id)) {
      JsonObject p = (JsonObject) o;
      long ts = p.getLong("timestamp");
      if (ts >= t0 - INTERVAL && ts <= t1 + INTERVAL) window.add(p.getDouble("cpu"));
    }
    assertTrue(!window.isEmpty(), "points sampled during the CLI's measurement");
    return new double[] {window.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), cli};
  }

  @Test
  void aBusyContainerReadsOneCoreLikeDockerStats() {
    double[] v = pulseAndCli(busy);
    assertTrue(v[0] >= 80 && v[0] <= 120, "busy container at " + v[0] + " %");
    assertEquals(v[1], v[0], 15.0, "Pulse " + v[0] + " % vs docker stats " + v[1] + " %");
  }

  @Test
  void anIdleContainerReadsNearZeroLikeDockerStats() {
    double[] v = pulseAndCli(idle);
    assertTrue(v[0] < 5, "idle container at " + v[0] + " %");
    assertEquals(v[1], v[0], 15.0, "Pulse " + v[0] + " % vs docker stats " + v[1] + " %");
  }

  @Test
  void pointsAreWellFormedNumberedAndSpacedByTheInterval() {
    JsonArray points = awaitPoints(busy, 6);
    int onTime = 0;
    for (int i = 0; i < points.size(); i++) {
      JsonObject p = points.getJsonObject(i);
      double mem = p.getDouble("mem");
      assertTrue(mem >= 0 && mem <= 100, "memory % " + mem);
      assertTrue(p.getLong("memUsage") > 0 && p.getLong("memUsage") <= p.getLong("memLimit"), p.encode());
      assertEquals(1, p.getLong("pids"), "sh running yes in a pipe-less loop: one process");
      assertEquals(0.0, p.getDouble("netRx"), "--network none");
      if (i == 0) continue;
      JsonObject prev = points.getJsonObject(i - 1);
      assertEquals(prev.getLong("seq") + 1, p.getLong("seq"), "seq strictly increasing without gaps");
      long gap = p.getLong("timestamp") - prev.getLong("timestamp");
      assertTrue(gap >= INTERVAL - 100, "never closer than the interval: " + gap + " ms");
      if (Math.abs(gap - INTERVAL) <= 100) onTime++;
    }
    // a sample can be skipped when the engine is slow (never queued), so allow a rare double gap
    assertTrue(onTime >= (points.size() - 1) * 0.8, onTime + " of " + (points.size() - 1) + " gaps on the interval");
  }

  @Test
  void oneIdPrefixOrNameReachesOneHistory() {
    awaitPoints(busy, 1);
    awaitPoints(idle, 1);
    JsonObject byPrefix = server.get("/api/hosts/local/containers/" + busy.substring(0, 12) + "/metrics").json();
    JsonObject byName = server.get("/api/hosts/local/containers/" + docker.uniqueName("busy") + "/metrics").json();
    assertEquals(busy, byPrefix.getString("Id"));
    assertEquals(busy, byName.getString("Id"));
    assertTrue(byName.getBoolean("IsRunning"));
    List<String> ids = new ArrayList<>();
    server.get("/api/containers").json().getJsonArray("Containers")
        .forEach(c -> ids.add(((JsonObject) c).getString("Id")));
    assertTrue(ids.contains(busy) && ids.contains(idle), "both test containers listed with full ids");
  }
}
