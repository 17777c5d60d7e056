package dev.pulse.session;

import dev.pulse.testsupport.Points;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.BridgeClient;
import dev.pulse.testsupport.PulseTestServer;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two browsers on one container over real bridge sockets: one poller, independent lifetimes, linger at the end. */
@Timeout(120)
class SessionSharingTest {

  private static final long LINGER = 3000;

  @Test
  void twoSessionsShareOnePollerAndTheLastOneOutStartsTheLinger() {
    try (TestDocker docker = TestDocker.require();
         PulseTestServer server = PulseTestServer.start(PulseTestServer.config(docker.url())
             .withLingerMs(LINGER).withIdleTimeoutMs(0))) {
      String id = docker.runBusy("shared");
      String address = "pulse.metrics.local." + id;
      BridgeClient a = BridgeClient.connect(server.port());
      BridgeClient b = BridgeClient.connect(server.port());
      try {
        a.register(address);
        // b opens the chart: history first, then pushes continue from its cursor
        JsonObject history = b.command("container.metrics", new JsonObject().put("Host", "local").put("Id", id)
            .put("From", 0));
        assertEquals("rec", history.getString("type"), history.encode());
        b.register(address);
        JsonObject pa = a.awaitPush(address, Duration.ofSeconds(15)).getJsonObject("body");
        JsonObject pb = b.awaitPush(address, Duration.ofSeconds(15)).getJsonObject("body");
        assertTrue(pb.getLong("seq") >= history.getJsonObject("body").getLong("From"), "no duplicate of history");
        assertTrue(pa.getDouble("cpu") >= 0 && pa.containsKey("memUsage"), pa.encode());
        assertEquals(2, server.status().getInteger("Sessions"));
        assertEquals(1, server.status().getInteger("Pollers"), "two watchers, one poller");

        a.close();
        Await.until("one session left", Duration.ofSeconds(10), () -> server.status().getInteger("Sessions") == 1);
        long seq1 = b.awaitPush(address, Duration.ofSeconds(15)).getJsonObject("body").getLong("seq");
        long seq2 = b.awaitPush(address, Duration.ofSeconds(15)).getJsonObject("body").getLong("seq");
        assertTrue(seq2 > seq1, "b keeps receiving after a left");
        assertEquals(1, server.status().getInteger("Pollers"));
      } finally {
        a.close();
        b.close();
      }
      Await.until("no sessions", Duration.ofSeconds(10), () -> server.status().getInteger("Sessions") == 0);
      long closedAt = System.nanoTime();
      assertEquals(1, server.status().getInteger("Pollers"), "the poller lingers after the last session left");
      Await.until("the poller stopped after the linger", Duration.ofMillis(LINGER + 5000),
          () -> server.status().getInteger("Pollers") == 0);
      long waited = (System.nanoTime() - closedAt) / 1_000_000;
      assertTrue(waited >= LINGER - 1000, "stopped after " + waited + " ms, linger is " + LINGER);

      // history outlives the poller: a page that comes back sees the past
      try (BridgeClient c = BridgeClient.connect(server.port())) {
        JsonArray past = Points.of(c.command("container.metrics", new JsonObject().put("Host", "local").put("Id", id))
            .getJsonObject("body"));
        assertTrue(past.size() >= 3, "history kept: " + past.size() + " points");
      }
    }
  }
}
