package dev.pulse.polling;

import dev.pulse.testsupport.Points;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.FakeDockerGateway;
import dev.pulse.testsupport.PulseTestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Engine errors on a scripted engine: the poller backs off and carries on; an engine that is down is reported. */
@Timeout(60)
class PollerErrorPathTest {

  private static PulseConfig config() {
    return PulseConfig.defaults().withHttp("127.0.0.1", 0).withPollIntervalMs(200).withLingerMs(0)
        .withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock")));
  }

  @Test
  void errorsBackOffAndNeverKillThePoller() {
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web");
    try (PulseTestServer server = PulseTestServer.start(config(), spec -> engine)) {
      String path = "/api/hosts/fake/containers/web/metrics";
      Await.until("a first point", Duration.ofSeconds(10), () -> server.get(path).json().getLong("From") >= 1);
      engine.failNextStats.set(4);
      long before = server.get(path).json().getLong("From");
      Await.until("the failures to be consumed", Duration.ofSeconds(20), () -> engine.failNextStats.get() == 0);
      int callsAtRecovery = engine.statsCalls.get();
      Await.until("points again after the errors", Duration.ofSeconds(20),
          () -> server.get(path).json().getLong("From") >= before + 3);
      JsonObject reply = server.get(path).json();
      JsonArray points = Points.of(reply);
      for (int i = 1; i < points.size(); i++) {
        assertEquals(points.getJsonObject(i - 1).getLong("seq") + 1, points.getJsonObject(i).getLong("seq"));
      }
      // half a core on two CPUs: 500 ms of CPU per 2 s of system time × 2 cpus = 50 %
      assertEquals(50.0, points.getJsonObject(points.size() - 1).getDouble("cpu"), 1e-6);
      assertTrue(engine.statsCalls.get() > callsAtRecovery, "the poller kept calling after recovering");
      assertEquals(1, server.status().getInteger("Pollers"), "still exactly one poller");
    }
  }

  @Test
  void anEngineThatIsDownIsReportedAndNothingBreaks() {
    FakeDockerGateway engine = new FakeDockerGateway("fake").down(true);
    try (PulseTestServer server = PulseTestServer.start(config(), spec -> engine)) {
      Await.until("the host marked unavailable", Duration.ofSeconds(10), () -> {
        JsonObject host = server.get("/api/hosts").json().getJsonArray("Hosts").getJsonObject(0);
        return !host.getBoolean("Available") && host.getString("Error") != null;
      });
      JsonObject host = server.get("/api/hosts").json().getJsonArray("Hosts").getJsonObject(0);
      assertEquals("connection refused", host.getString("Error"));
      assertEquals(0, server.get("/api/containers").json().getJsonArray("Containers").size());
      assertEquals(404, server.get("/api/hosts/fake/containers/web/metrics").status());
      assertEquals(200, server.get("/health").status());

      engine.withRunning(FakeDockerGateway.ID, "web").down(false);
      Await.until("the host back", Duration.ofSeconds(10),
          () -> server.get("/api/hosts").json().getJsonArray("Hosts").getJsonObject(0).getBoolean("Available"));
      assertFalse(server.get("/api/containers").json().getJsonArray("Containers").isEmpty());
    }
  }
}
