package dev.pulse.session;

import dev.pulse.testsupport.Points;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.BridgeClient;
import dev.pulse.testsupport.FakeDockerGateway;
import dev.pulse.testsupport.PulseTestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A long history (a reply far over the 16 KiB inbound frame limit) reaches the page in one reply over the bridge. */
@Timeout(90)
class BridgeBackfillTest {

  @Test
  void aFullHistoryReplyIsDeliveredAndTheSocketStaysOpen() {
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web");
    try (PulseTestServer server = PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0)
        .withPollIntervalMs(100).withBufferSize(3000)
        .withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))), spec -> engine)) {
      String path = "/api/hosts/fake/containers/web/metrics";
      Await.until("300 points", Duration.ofSeconds(60),
          () -> server.get(path).status() == 200 && server.get(path).json().getLong("From") >= 300);
      try (BridgeClient page = BridgeClient.connect(server.port())) {
        JsonObject reply = page.command("container.metrics",
            new JsonObject().put("Host", "fake").put("Id", "web").put("From", 0));
        assertEquals("rec", reply.getString("type"), "history reply: " + reply.encode().length() + " bytes");
        JsonArray points = Points.of(reply.getJsonObject("body"));
        assertTrue(points.size() >= 300, points.size() + " points");
        assertTrue(reply.encode().length() > SessionBridge.MAX_FRAME, "over the inbound frame limit: " + reply.encode().length());
        assertFalse(page.closedByServer());
        assertEquals("rec", page.command("status", null).getString("type"), "the socket still serves");
      }
    }
  }
}
