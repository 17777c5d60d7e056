package dev.pulse.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.BridgeClient;
import dev.pulse.testsupport.PulseTestServer;
import dev.pulse.testsupport.SecondEngine;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * While a host's engine is unreachable nobody knows what its containers do: they read {@code "State":"unknown"} in the
 * list, REST and pushes, and a metrics answer's {@code IsRunning} is null; when the engine is back they are re-listed
 * and their real state published. Failed before the fix: they kept saying {@code running} ({@code IsRunning: true}).
 */
@Timeout(240)
class OutageTruthTest {

  @Test
  void containersOfAnUnreachableEngineAreUnknownThenRelisted() {
    try (SecondEngine engine = SecondEngine.start(); TestDocker docker = TestDocker.require(engine.url())) {
      String id = docker.run("truth", List.of("--restart", "always"), "sh", "-c", "yes > /dev/null");
      try (PulseTestServer server = PulseTestServer.start(PulseTestServer.config(docker.url())
          .withDockerHosts(List.of(new DockerHostSpec("second", engine.url()))));
          BridgeClient bridge = BridgeClient.connect(server.port())) {
        String path = "/api/hosts/second/containers/" + id + "/metrics";
        Await.until("the container listed as running", Duration.ofSeconds(30), () -> "running".equals(state(server, id)));
        bridge.register("pulse.containers");
        bridge.ping();

        engine.down();
        JsonObject unknown = bridge.await(f -> isChange(f, id, "unknown"), Duration.ofSeconds(30));
        assertEquals("unknown", unknown.getJsonObject("body").getString("State"));
        assertEquals("unknown", state(server, id), "REST list");
        JsonObject listed = bridge.command("containers.list", null).getJsonObject("body");
        assertEquals("unknown", find(listed.getJsonArray("Containers"), id).getString("State"), "bridge list");
        JsonObject metrics = server.get(path).json();
        assertTrue(metrics.containsKey("IsRunning") && metrics.getValue("IsRunning") == null,
            "IsRunning is null, not true: " + metrics.getValue("IsRunning"));

        bridge.takeAll(); // pushes from the engine's shutdown (kill, die) are not what comes back
        engine.up();
        JsonObject back = bridge.await(f -> isChange(f, id, "running"), Duration.ofSeconds(60));
        assertEquals("running", back.getJsonObject("body").getString("State"));
        // a starting daemon may still drop the first connection (unknown once more): the real state wins in the end
        Await.until("the list says running again", Duration.ofSeconds(30), () -> "running".equals(state(server, id)));
        Await.until("IsRunning true again", Duration.ofSeconds(20),
            () -> Boolean.TRUE.equals(server.get(path).json().getValue("IsRunning")));
      }
    }
  }

  private static boolean isChange(JsonObject frame, String id, String state) {
    if (!"rec".equals(frame.getString("type")) || !"pulse.containers".equals(frame.getString("address"))) return false;
    JsonObject body = frame.getJsonObject("body");
    return id.equals(body.getString("Id")) && state.equals(body.getString("State"));
  }

  private static String state(PulseTestServer server, String id) {
    JsonObject c = find(server.get("/api/containers").json().getJsonArray("Containers"), id);
    return c == null ? null : c.getString("State");
  }

  private static JsonObject find(JsonArray containers, String id) {
    for (Object o : containers) {
      if (id.equals(((JsonObject) o).getString("Id"))) return (JsonObject) o;
    }
    return null;
  }
}
