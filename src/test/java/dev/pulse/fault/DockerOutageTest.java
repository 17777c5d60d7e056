package dev.pulse.fault;

import dev.pulse.testsupport.Points;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.PulseTestServer;
import dev.pulse.testsupport.SecondEngine;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real engine stopped and started under a running Pulse: no crash, host unavailable, history kept, sampling back. */
@Timeout(240)
class DockerOutageTest {

  private static final long INTERVAL = 1000;

  @Test
  void pulseRidesOutAnEngineRestart() {
    try (SecondEngine engine = SecondEngine.start(); TestDocker docker = TestDocker.require(engine.url())) {
      String id = docker.run("outage", List.of("--restart", "always"), "sh", "-c", "yes > /dev/null");
      try (PulseTestServer server = PulseTestServer.start(PulseTestServer.config(docker.url())
          .withPollIntervalMs(INTERVAL)
          .withDockerHosts(List.of(new DockerHostSpec("second", engine.url()))))) {
        String path = "/api/hosts/second/containers/" + id + "/metrics";
        Await.until("points from the second engine", Duration.ofSeconds(30),
            () -> server.get(path).status() == 200 && server.get(path).json().getLong("From") >= 3);

        engine.down();
        Await.until("the host marked unavailable", Duration.ofSeconds(20), () -> !host(server).getBoolean("Available"));
        assertTrue(host(server).getString("Error") != null, "the reason is shown");
        assertEquals(200, server.get("/health").status(), "Pulse stays up");
        Await.until("the poller parked", Duration.ofSeconds(10), () -> server.status().getInteger("Pollers") == 0);
        JsonObject during = server.get(path).json();
        long outageFrom = during.getLong("From");
        assertTrue(Points.of(during).size() >= 3, "history still served while the engine is down");

        engine.up();
        Await.until("the host available again", Duration.ofSeconds(30), () -> host(server).getBoolean("Available"));
        long back = System.currentTimeMillis();
        Await.until("sampling resumed", Duration.ofSeconds(20),
            () -> server.get(path).json().getLong("From") > outageFrom);
        JsonArray fresh = Points.of(server.get(path + "?from=" + outageFrom).json());
        JsonObject first = fresh.getJsonObject(0);
        assertEquals(outageFrom, first.getLong("seq"), "the sequence continues");
        assertTrue(first.getLong("timestamp") - back <= 2 * INTERVAL + 500,
            "first new sample " + (first.getLong("timestamp") - back) + " ms after the engine answered");
        JsonObject last = Points.of(server.get(path + "?from=" + (outageFrom - 1)).json())
            .getJsonObject(0);
        assertTrue(first.getLong("timestamp") - last.getLong("timestamp") > 2 * INTERVAL,
            "the missed span is a gap in time");
        Await.until("a CPU reading after the restart", Duration.ofSeconds(20), () -> {
          JsonArray p = Points.of(server.get(path + "?from=" + (outageFrom + 1)).json());
          return !p.isEmpty() && p.getJsonObject(p.size() - 1).getDouble("cpu") > 30;
        });
      }
    }
  }

  private static JsonObject host(PulseTestServer server) {
    return server.get("/api/hosts").json().getJsonArray("Hosts").getJsonObject(0);
  }
}
