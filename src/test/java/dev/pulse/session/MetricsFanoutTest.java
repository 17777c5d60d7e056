package dev.pulse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.BridgeClient;
import dev.pulse.testsupport.FakeDockerGateway;
import dev.pulse.testsupport.PulseTestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many bridge sessions on one container get every point, byte for byte the same, from one consumer; a session that
 * unregisters or closes drops out without disturbing the others, and no session gets another container's points.
 */
@Timeout(120)
class MetricsFanoutTest {

  private static final String OTHER = "fedcba987654".repeat(5) + "3210";
  private static final Duration PUSH = Duration.ofSeconds(10);

  @Test
  void everyWatcherGetsEveryPointOnlyWhileRegistered() {
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web")
        .withRunning(OTHER, "db");
    String web = "pulse.metrics.fake." + FakeDockerGateway.ID;
    String db = "pulse.metrics.fake." + OTHER;
    List<BridgeClient> clients = new ArrayList<>();
    try (PulseTestServer server = PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0)
        .withPollIntervalMs(100).withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))),
        spec -> engine)) {
      for (int i = 0; i < 20; i++) {
        BridgeClient c = BridgeClient.connect(server.port());
        clients.add(c);
        c.register(web);
      }
      BridgeClient other = BridgeClient.connect(server.port());
      clients.add(other);
      other.register(db);
      List<BridgeClient> watchers = clients.subList(0, 20);

      // every watcher gets the same point s, with the same bytes
      long s = 0;
      for (BridgeClient c : watchers) s = Math.max(s, c.awaitPush(web, PUSH).getJsonObject("body").getLong("seq"));
      JsonObject expected = null;
      for (BridgeClient c : watchers) {
        JsonObject push = pushWithSeq(c, web, s + 1);
        if (expected == null) expected = push;
        assertEquals(expected, push, "every session gets the same frame");
      }
      assertTrue(other.awaitPush(db, PUSH).getJsonObject("body").getLong("seq") >= 0);

      // one unregisters: once the bridge has answered a later frame of it, no point reaches it any more
      BridgeClient quiet = watchers.get(0);
      quiet.unregister(web);
      assertEquals("rec", quiet.command("status", null).getString("type"));
      quiet.takeAll();
      BridgeClient closing = watchers.get(1);
      closing.close();
      Await.until("the closed session is gone", PUSH, () -> server.status().getInteger("Sessions") == 20);
      for (BridgeClient c : watchers.subList(2, 20)) pushWithSeq(c, web, s + 4);
      assertEquals("rec", quiet.command("status", null).getString("type"));
      List<JsonObject> after = quiet.takeAll();
      assertTrue(after.stream().noneMatch(f -> web.equals(f.getString("address"))), "pushes after unregister: " + after);

      // no session gets a container it did not register for
      assertTrue(other.takeAll().stream().noneMatch(f -> web.equals(f.getString("address"))));
      assertEquals(2, server.status().getInteger("Pollers"), "one poller a container, whatever the watchers");
    } finally {
      clients.forEach(BridgeClient::close);
    }
  }

  /** The push numbered {@code seq} on {@code address}; fails if it was skipped. */
  private static JsonObject pushWithSeq(BridgeClient c, String address, long seq) {
    while (true) {
      JsonObject push = c.awaitPush(address, PUSH);
      long got = push.getJsonObject("body").getLong("seq");
      if (got == seq) return push;
      assertTrue(got < seq, "point " + seq + " skipped, got " + got);
    }
  }
}
