package dev.pulse.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * {@code host.summary} over a real bridge socket (a scripted engine: this is about the command and the push, not
 * sampling): the session comes to watch the host's running containers, {@code pulse.summary.<host>} pushes their
 * newest points to one registration, the backfill is bounded, bad arguments get a 400 and the socket stays open.
 */
@Timeout(90)
class HostSummaryCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String OTHER = "fedcba987654".repeat(5) + "3210";

  @Test
  void theSessionWatchesTheHostsRunningContainersAndOneAddressCarriesTheirPoints() {
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web")
        .withRunning(OTHER, "db");
    try (PulseTestServer server = PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0)
        .withPollIntervalMs(100).withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))),
        spec -> engine);
        BridgeClient page = BridgeClient.connect(server.port())) {
      Await.until("the host listed", WAIT, () -> server.get("/api/containers").json().getJsonArray("Containers").size() == 2);
      assertEquals(0, server.get("/api/status").json().getInteger("Pollers"));
      page.register("pulse.summary.fake");
      JsonObject first = page.command("host.summary", new JsonObject().put("Host", "fake"));
      assertEquals("rec", first.getString("type"), first.encode());
      assertEquals("fake", first.getJsonObject("body").getString("Host"));
      Await.until("the session watches both running containers", WAIT,
          () -> server.get("/api/status").json().getInteger("Pollers") == 2);

      JsonObject push = page.await(f -> "rec".equals(f.getString("type"))
          && "pulse.summary.fake".equals(f.getString("address"))
          && f.getJsonObject("body").getJsonObject("Points").size() == 2, WAIT).getJsonObject("body");
      assertEquals("fake", push.getString("Host"));
      JsonObject point = push.getJsonObject("Points").getJsonObject(FakeDockerGateway.ID);
      assertEquals(List.of("seq", "timestamp", "cpu", "mem", "memUsage", "memLimit", "netRx", "netTx", "blkRead",
          "blkWrite", "pids"), List.copyOf(point.fieldNames()), "a MetricPoint");

      Await.until("more points than a backfill holds", WAIT, () -> server.get(
          "/api/hosts/fake/containers/web/metrics").json().getLong("From") > 70);
      JsonObject later = page.command("host.summary", new JsonObject().put("Host", "fake")
          .put("Ids", new JsonArray().add(FakeDockerGateway.ID))).getJsonObject("body");
      assertEquals(List.of(FakeDockerGateway.ID), List.copyOf(later.getJsonObject("Points").fieldNames()),
          "only the ids asked");
      JsonObject recent = later.getJsonObject("Points").getJsonObject(FakeDockerGateway.ID);
      assertEquals(60, recent.getJsonArray("seq").size(), "at most 60 points");
      long newest = later.getJsonObject("Newest").getJsonObject(FakeDockerGateway.ID).getLong("seq");
      assertEquals(newest, recent.getJsonArray("seq").getLong(59), "the newest point ends the series");

      for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("Host", "no such/host"),
          new JsonObject().put("Host", "fake").put("Ids", "web"),
          new JsonObject().put("Host", "fake").put("Ids", new JsonArray().add("web")))) {
        JsonObject err = page.command("host.summary", bad);
        assertEquals("err", err.getString("type"), bad.encode());
        assertEquals(400, err.getInteger("failureCode"), err.encode());
      }
      JsonObject unknown = page.command("host.summary", new JsonObject().put("Host", "nowhere"));
      assertEquals(404, unknown.getInteger("failureCode"), unknown.encode());
      assertTrue(!page.closedByServer(), "the socket stays open");
    }
  }
}
