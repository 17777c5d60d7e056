package dev.pulse.cluster;

import dev.pulse.testsupport.Points;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.BridgeClient;
import dev.pulse.testsupport.NodeProcess;
import dev.pulse.testsupport.SecondEngine;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three Pulse nodes in separate JVMs, clustered over Hazelcast on loopback, and two real Docker engines: node A serves
 * hosts owned by B (default engine) and C (a second engine); C is killed with -9 and comes back; a duplicate host name
 * is refused; a session on A keeps B's poller alive until A dies.
 */
@Timeout(420)
class ClusterTest {

  private static final Duration START = Duration.ofSeconds(90);

  @Test
  void threeNodesTwoEnginesOnePage() throws Exception {
    try (SecondEngine engine = SecondEngine.start();
         TestDocker first = TestDocker.require();
         TestDocker second = TestDocker.require(engine.url())) {
      String onB = first.runBusy("on-beta");
      String onC = second.runBusy("on-gamma");
      int[] cluster = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
      String members = "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1] + ",127.0.0.1:" + cluster[2];

      try (NodeProcess a = node("node-a", cluster[0], members, "alpha=" + first.url());
           NodeProcess b = node("node-b", cluster[1], members, "beta=" + first.url());
           NodeProcess c = node("node-c", cluster[2], members, "gamma=" + engine.url())) {
        a.awaitHealthy(START);
        b.awaitHealthy(START);
        c.awaitHealthy(START);
        Await.until("A sees all three hosts", Duration.ofSeconds(60), () -> hosts(a).size() == 3
            && hosts(a).values().stream().allMatch(h -> h.getBoolean("Available")));
        assertEquals("node-b", hosts(a).get("beta").getString("Node"));
        assertEquals("node-c", hosts(a).get("gamma").getString("Node"));
        Await.until("A lists containers of B's and C's hosts", Duration.ofSeconds(30), () -> {
          JsonArray all = a.json("/api/containers").getJsonArray("Containers");
          return contains(all, "beta", onB) && contains(all, "gamma", onC);
        });

        // REST on A reads history that lives on B and on C
        String betaPath = "/api/hosts/beta/containers/" + onB + "/metrics";
        String gammaPath = "/api/hosts/gamma/containers/" + onC + "/metrics";
        Await.until("points of B's container through A", Duration.ofSeconds(30), () -> from(a, betaPath) >= 2);
        Await.until("points of C's container through A", Duration.ofSeconds(30), () -> from(a, gammaPath) >= 2);
        assertEquals(1, b.json("/api/status").getInteger("Pollers"), "the poller lives on the owning node");
        assertEquals(0, a.json("/api/status").getInteger("Pollers"), "A samples nothing itself");

        // A's bridge gets pushes from both
        try (BridgeClient page = BridgeClient.connect(a.port())) {
          JsonObject history = page.command("container.metrics", new JsonObject().put("Host", "gamma").put("Id", onC));
          assertEquals("rec", history.getString("type"), history.encode());
          assertTrue(Points.of(history.getJsonObject("body")).size() >= 2);
          page.register("pulse.metrics.beta." + onB);
          page.register("pulse.metrics.gamma." + onC);
          page.awaitPush("pulse.metrics.beta." + onB, Duration.ofSeconds(15));
          page.awaitPush("pulse.metrics.gamma." + onC, Duration.ofSeconds(15));

          // kill -9 C: its host turns unavailable on A within 10 s, B keeps streaming
          c.kill();
          long killed = System.nanoTime();
          Await.until("gamma unavailable on A", Duration.ofSeconds(10),
              () -> !hosts(a).get("gamma").getBoolean("Available"));
          long noticedMs = (System.nanoTime() - killed) / 1_000_000;
          assertTrue(noticedMs <= 10_000, noticedMs + " ms");
          page.drain();
          long s1 = page.awaitPush("pulse.metrics.beta." + onB, Duration.ofSeconds(15)).getJsonObject("body")
              .getLong("seq");
          long s2 = page.awaitPush("pulse.metrics.beta." + onB, Duration.ofSeconds(15)).getJsonObject("body")
              .getLong("seq");
          assertTrue(s2 > s1, "B keeps streaming to A's page");
          assertEquals(503, a.get(gammaPath).statusCode(), "a clear error for the dead node's host");
          assertEquals(200, a.get("/health").statusCode());

          // C comes back: its host returns and sampling resumes
          c.start();
          c.awaitHealthy(START);
          Await.until("gamma available again on A", Duration.ofSeconds(60),
              () -> hosts(a).containsKey("gamma") && hosts(a).get("gamma").getBoolean("Available"));
          Await.until("new points of C's container through A", Duration.ofSeconds(30), () -> from(a, gammaPath) >= 2);
        }

        // a duplicate host name is refused at start-up
        try (NodeProcess d = node("node-d", cluster[3], members + ",127.0.0.1:" + cluster[3], "beta=" + first.url())) {
          int code = d.awaitExit(START);
          assertNotEquals(0, code);
          assertTrue(d.output().contains("Docker host name 'beta' is already owned by node node-b"), d.output());
        }

        // a session on A holds B's poller; A dying abruptly releases it (after the linger)
        Await.until("B idle before the lease test (idle timeout 10 s + linger)", Duration.ofSeconds(40),
            () -> b.json("/api/status").getInteger("Pollers") == 0);
        BridgeClient watcher = BridgeClient.connect(a.port());
        watcher.register("pulse.metrics.beta." + onB);
        watcher.awaitPush("pulse.metrics.beta." + onB, Duration.ofSeconds(15));
        assertEquals(1, b.json("/api/status").getInteger("Pollers"));
        a.kill();
        Await.until("B's poller released after A died", Duration.ofSeconds(30),
            () -> b.json("/api/status").getInteger("Pollers") == 0);
      }
    }
  }

  private static NodeProcess node(String name, int clusterPort, String members, String hosts) {
    Map<String, String> env = NodeProcess.clusterEnv(clusterPort, members, hosts);
    env.put("PULSE_POLL_INTERVAL_MS", "1000");
    env.put("PULSE_LINGER_MS", "1000");
    env.put("PULSE_IDLE_TIMEOUT_MS", "10000");
    return NodeProcess.launch(name, NodeProcess.freePort(), env);
  }

  private static Map<String, JsonObject> hosts(NodeProcess node) {
    Map<String, JsonObject> out = new HashMap<>();
    node.json("/api/hosts").getJsonArray("Hosts").forEach(h -> out.put(((JsonObject) h).getString("Name"),
        (JsonObject) h));
    return out;
  }

  private static boolean contains(JsonArray containers, String host, String id) {
    return containers.stream().map(JsonObject.class::cast)
        .anyMatch(c -> host.equals(c.getString("Host")) && id.equals(c.getString("Id")));
  }

  private static long from(NodeProcess node, String path) {
    var r = node.get(path);
    return r.statusCode() == 200 ? new JsonObject(r.body()).getLong("From") : -1;
  }
}
