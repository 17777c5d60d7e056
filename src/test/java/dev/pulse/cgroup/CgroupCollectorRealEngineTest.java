package dev.pulse.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.PulseConfig;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.Points;
import dev.pulse.testsupport.PulseTestServer;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cgroup collector on the real engine, next to the API collector (a second Pulse reading the same containers over
 * the same window) and to {@code docker stats}.
 */
@Timeout(180)
class CgroupCollectorRealEngineTest {

  private static TestDocker docker;
  private static PulseTestServer cgroup;
  private static PulseTestServer api;
  private static String busy;
  private static String idle;

  @BeforeAll
  static void start() {
    docker = TestDocker.require();
    busy = docker.run("cg-busy", "sh", "-c", "while :; do :; done");
    idle = docker.runIdle("cg-idle");
    cgroup = PulseTestServer.start(PulseTestServer.config(docker.url()));
    api = PulseTestServer.start(PulseTestServer.apiConfig(docker.url()));
  }

  @AfterAll
  static void stop() {
    if (cgroup != null) cgroup.close();
    if (api != null) api.close();
    if (docker != null) docker.close();
  }

  private static JsonArray points(PulseTestServer server, String id) {
    PulseTestServer.Reply r = server.get("/api/hosts/local/containers/" + id + "/metrics");
    return r.status() == 200 ? Points.of(r.json()) : new JsonArray();
  }

  private static JsonArray awaitPoints(PulseTestServer server, String id, int n) {
    Await.until(n + " points of " + id.substring(0, 12), Duration.ofSeconds(60), () -> points(server, id).size() >= n);
    return points(server, id);
  }

  private static JsonObject host(PulseTestServer server) {
    return server.get("/api/hosts").json().getJsonArray("Hosts").getJsonObject(0);
  }

  @Test
  void hostsSayWhichCollectorReads() {
    assertEquals("cgroup", host(cgroup).getString("Collector"), "auto on a local engine with readable trees");
    assertTrue(host(cgroup).containsKey("CollectorError"));
    assertNull(host(cgroup).getValue("CollectorError"));
    assertEquals("api", host(api).getString("Collector"));
    assertNull(host(api).getValue("CollectorError"));
  }

  /** Mean CPU % of the points both servers took within the same window. */
  @Test
  void aBusyContainerReadsWithinFivePointsOfTheApiCollector() {
    awaitPoints(cgroup, busy, 2);
    awaitPoints(api, busy, 2);
    long from = System.currentTimeMillis();
    long to = from + 8_000;
    Await.until("both past the window", Duration.ofSeconds(30), () -> last(cgroup, busy) > to && last(api, busy) > to);
    double viaCgroup = meanCpu(points(cgroup, busy), from, to);
    double viaApi = meanCpu(points(api, busy), from, to);
    // a spinning shell gets one core on a quiet machine, less when other work shares the cores: both read the same
    assertTrue(viaCgroup >= 10, "busy container at " + viaCgroup + " % (cgroup)");
    assertEquals(viaApi, viaCgroup, 5.0, "cgroup " + viaCgroup + " % vs API " + viaApi + " % over the same 8 s");
  }

  private static long last(PulseTestServer server, String id) {
    JsonArray p = points(server, id);
    return p.isEmpty() ? 0 : p.getJsonObject(p.size() - 1).getLong("timestamp");
  }

  private static double meanCpu(JsonArray points, long from, long to) {
    double sum = 0;
    int n = 0;
    for (Object o : points) {
      JsonObject p = (JsonObject) o;
      if (p.getLong("timestamp") > from && p.getLong("timestamp") <= to) {
        sum += p.getDouble("cpu");
        n++;
      }
    }
    assertTrue(n >= 3, n + " points in the window");
    return sum / n;
  }

  @Test
  void anIdleContainerReadsUnderTwoPercent() {
    JsonArray points = awaitPoints(cgroup, idle, 5);
    for (Object o : points) {
      assertTrue(((JsonObject) o).getDouble("cpu") < 2.0, "idle: " + o);
    }
  }

  @Test
  void memoryPidsAndNetworkAsDockerStatsPrintsThem() {
    awaitPoints(cgroup, idle, 2);
    String[] cli = docker.cliStats(idle);
    long after = System.currentTimeMillis();
    Await.until("a point after the CLI", Duration.ofSeconds(10), () -> last(cgroup, idle) > after);
    JsonArray points = points(cgroup, idle);
    JsonObject p = points.getJsonObject(points.size() - 1);
    double cliUsed = TestDocker.cliBytes(cli[0].split("/")[0]);
    double cliLimit = TestDocker.cliBytes(cli[0].split("/")[1]);
    assertEquals(cliUsed, p.getLong("memUsage"), cliUsed * 0.02, "memory used: docker stats " + cli[0] + ", " + p);
    assertEquals(cliLimit, p.getLong("memLimit"), cliLimit * 0.01, "no limit reads as the machine's memory");
    assertEquals(Long.parseLong(cli[1].trim()), p.getLong("pids"), "PIDs exact");
    assertEquals("0B / 0B", cli[2].trim(), "--network none");
    for (Object o : points) {
      assertEquals(0.0, ((JsonObject) o).getDouble("netRx"), "--network none reads 0 like docker stats");
      assertEquals(0.0, ((JsonObject) o).getDouble("netTx"));
    }
  }

  @Test
  void pidsCountProcessesAndThreads() {
    String three = docker.run("cg-pids", "sh", "-c", "sleep 100000 & sleep 100000 & wait");
    JsonArray points = awaitPoints(cgroup, three, 2);
    String[] cli = docker.cliStats(three);
    assertEquals(3, Long.parseLong(cli[1].trim()), "docker stats: sh and two sleeps");
    assertEquals(3, points.getJsonObject(points.size() - 1).getLong("pids"));
  }

  /**
   * cgroup v1 counts block I/O only for a device the container has a throttle limit on (README "When block I/O reads
   * 0"): with one, a direct write shows the same bytes in the files as in {@code docker stats}.
   */
  @Test
  void blockIoAsDockerStatsPrintsIt() throws Exception {
    String device = docker.ok(java.util.List.of("info", "--format", "{{.DockerRootDir}}")).trim();
    Process df = new ProcessBuilder("df", "--output=source", device).redirectErrorStream(true).start();
    String[] lines = new String(df.getInputStream().readAllBytes()).trim().split("\n");
    String source = lines[lines.length - 1].trim();
    org.junit.jupiter.api.Assumptions.assumeTrue(source.startsWith("/dev/") && Files.exists(Path.of(source)),
        "the engine's data root is on " + source + ", not a block device: no block I/O to account");
    String id = docker.run("cg-io", java.util.List.of("--device-write-bps", source + ":500mb"), "sh", "-c",
        "dd if=/dev/zero of=/tmp/f bs=1M count=8 oflag=direct 2>/dev/null; echo done; sleep 100000");
    Await.until("dd finished", Duration.ofSeconds(30),
        () -> docker.ok(java.util.List.of("logs", id)).contains("done"));
    long pid = Long.parseLong(docker.ok(java.util.List.of("inspect", "-f", "{{.State.Pid}}", id)).trim());
    CgroupSource source2 = CgroupSource.probe(Path.of("/sys/fs/cgroup"), Path.of("/proc"));
    dev.pulse.docker.StatsSnapshot s;
    try (CgroupCollector c = source2.open(pid)) {
      s = c.read();
    }
    String[] cli = docker.cliStats(id);
    double cliWrite = TestDocker.cliBytes(cli[3].split("/")[1]);
    assertTrue(s.blkWrite() >= 8 << 20, "8 MiB written directly: " + s.blkWrite());
    assertEquals(cliWrite, s.blkWrite(), cliWrite * 0.01, "docker stats " + cli[3] + " vs files " + s.blkWrite());
  }

  /**
   * The limit file is skipped while memory.stat's hierarchical limit is unchanged (LimitReads): on the real kernel a
   * {@code docker update} of the limit shows in the very next read, and equals what {@code docker stats} prints.
   */
  @Test
  void aLimitChangedByDockerUpdateShowsInTheNextRead() throws Exception {
    String id = docker.run("cg-limit", java.util.List.of("--memory", "64m"), "sleep", "1000000");
    long pid = Long.parseLong(docker.ok(java.util.List.of("inspect", "-f", "{{.State.Pid}}", id)).trim());
    CgroupSource source = CgroupSource.probe(Path.of("/sys/fs/cgroup"), Path.of("/proc"));
    try (CgroupCollector c = source.open(pid)) {
      assertEquals(64L << 20, c.read().memLimit());
      assertEquals(64L << 20, c.read().memLimit());
      docker.ok(java.util.List.of("update", "--memory", "128m", "--memory-swap", "-1", id));
      assertEquals(128L << 20, c.read().memLimit(), "the next read, well inside the backstop's interval");
      assertEquals(TestDocker.cliBytes(docker.cliStats(id)[0].split("/")[1]), c.read().memLimit(), 128 * 1024 * 0.01);
    }
  }

  @Test
  void anUnreadableCgroupRootFallsBackToTheApiAndSaysWhy() {
    PulseConfig c = PulseTestServer.config(docker.url());
    Path nowhere = Path.of("/nonexistent-pulse-cgroup-root");
    try (PulseTestServer server = PulseTestServer.start(c.withCollector(c.collector().withCgroupRoot(nowhere)))) {
      JsonObject h = host(server);
      assertEquals("api", h.getString("Collector"));
      assertTrue(h.getString("CollectorError").contains(nowhere.toString()), h.encode());
      awaitPoints(server, idle, 2); // sampled all the same, through the API
    }
  }

  /** A tree that looks like a cgroup root but holds no container: the first poller finds out, the host turns to the API. */
  @Test
  void containerFilesThatCannotBeReadTurnTheHostToTheApi() throws Exception {
    Path fake = Files.createTempDirectory("pulse-empty-cgroup");
    Files.createDirectories(fake.resolve("memory"));
    PulseConfig c = PulseTestServer.config(docker.url());
    try (PulseTestServer server = PulseTestServer.start(c.withCollector(c.collector().withCgroupRoot(fake)))) {
      assertEquals("cgroup", host(server).getString("Collector"), "the root probe passes");
      awaitPoints(server, idle, 2);
      JsonObject h = host(server);
      assertEquals("api", h.getString("Collector"), h.encode());
      assertTrue(h.getString("CollectorError").contains(idle.substring(0, 12))
          && h.getString("CollectorError").endsWith("using the Docker API"), h.encode());
    } finally {
      Files.delete(fake.resolve("memory"));
      Files.delete(fake);
    }
  }

  @Test
  void statusShowsWhatPulseCosts() {
    awaitPoints(cgroup, idle, 3);
    JsonObject cost = cgroup.status().getJsonObject("Cost");
    assertTrue(cost.getDouble("SamplesPerSecond") > 0, cost.encode());
    assertTrue(cost.getDouble("CpuPercent") > 0, cost.encode());
    assertTrue(cost.getDouble("CpuMsPerSample") > 0, cost.encode());
    assertEquals(3, cost.size(), cost.encode());
  }
}
