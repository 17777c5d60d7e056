package dev.pulse.http;

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
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad input gets its status and a clear {"Error"} (or a failed bridge reply), and the server stays well. */
@Timeout(60)
class BadInputTest {

  private static PulseTestServer server;

  @BeforeAll
  static void start() {
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web");
    server = PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0).withPollIntervalMs(500)
        .withLingerMs(0).withIdleTimeoutMs(0)
        .withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))), spec -> engine);
    Await.until("the fake host", Duration.ofSeconds(10),
        () -> server.get("/api/hosts").json().getJsonArray("Hosts").getJsonObject(0).getBoolean("Available"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "/api/hosts/fake/containers/web/metrics?from=-1|400|from must be a non-negative integer",
      "/api/hosts/fake/containers/web/metrics?from=abc|400|from must be a non-negative integer",
      "/api/hosts/fake/containers/web/metrics?from=1.5|400|from must be a non-negative integer",
      "/api/hosts/fake/containers/web/metrics?from=99999999999999999999|400|from must be a non-negative integer",
      "/api/hosts/fake/containers/web/metrics?from=1&from=2|400|from given more than once",
      "/api/hosts/fake/containers/-web/metrics|400|Id must be a container id, an id prefix of 12+ hex digits, or a name",
      "/api/hosts/fake/containers/we%20b/metrics|400|Id must be a container id, an id prefix of 12+ hex digits, or a name",
      "/api/hosts/bad.host/containers/web/metrics|400|Host must be a host name",
      "/api/hosts/nope/containers/web/metrics|404|unknown host 'nope'",
      "/api/hosts/fake/containers/nope/metrics|404|no container 'nope' on host 'fake'",
      "/api/hosts/fake/containers/0123456789ff/metrics|404|no container '0123456789ff' on host 'fake'",
      "/api/nothing|404|no such endpoint: GET /api/nothing",
  })
  void restAnswersWithStatusAndMessage(String path, int status, String message) {
    PulseTestServer.Reply r = server.get(path);
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/json"), r.contentType());
    assertEquals(message, r.json().getString("Error"));
  }

  @Test
  void wrongMethodIsAJsonError() {
    PulseTestServer.Reply r = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/containers"))
        .DELETE());
    assertEquals(404, r.status());
    assertTrue(r.json().getString("Error").startsWith("no such endpoint"));
  }

  @Test
  void goodRefsResolve() {
    assertEquals(200, server.get("/api/hosts/fake/containers/web/metrics").status());
    assertEquals(200, server.get("/api/hosts/fake/containers/" + FakeDockerGateway.ID.substring(0, 12) + "/metrics")
        .status());
    JsonObject full = server.get("/api/hosts/fake/containers/" + FakeDockerGateway.ID + "/metrics?from=0").json();
    assertEquals(FakeDockerGateway.ID, full.getString("Id"));
  }

  @Test
  void bridgeCommandsFailWithTheSameCodesAndMessages() {
    try (BridgeClient c = BridgeClient.connect(server.port())) {
      assertFailure(c.command("container.metrics", new JsonObject().put("Host", "nope").put("Id", "web")), 404,
          "unknown host 'nope'");
      assertFailure(c.command("container.metrics", new JsonObject().put("Host", "fake").put("Id", "nope")), 404,
          "no container 'nope' on host 'fake'");
      assertFailure(c.command("container.metrics", new JsonObject().put("Host", "fake").put("Id", "web")
          .put("From", -3)), 400, "From must be a non-negative integer");
      assertFailure(c.command("container.metrics", new JsonObject().put("Host", "fake").put("Id", "web")
          .put("From", "7")), 400, "From must be a non-negative integer");
      assertFailure(c.command("container.metrics", new JsonObject().put("Host", "fake").put("Id", "web")
          .put("From", true)), 400, "From must be a non-negative integer");
      assertFailure(c.command("container.metrics", new JsonObject().put("Host", "fake").put("Id", "web")
          .put("From", 2.5)), 400, "From must be a non-negative integer");
      assertFailure(c.command("container.metrics", new JsonObject().put("Host", 12).put("Id", "web")), 400,
          "Host must be a host name");
      assertFailure(c.command("container.metrics", new JsonObject().put("Host", "fake").put("Id", new JsonArray())),
          400, "Id must be a container id, an id prefix of 12+ hex digits, or a name");
      assertFailure(c.command("container.metrics", null), 400, "Host must be a host name");
      assertFailure(c.command("containers.kill", new JsonObject()), 400, "unknown action 'containers.kill'");
      assertFailure(c.request("pulse.command", "not an object"), 400,
          "a command is a JSON object {\"Action\": ..., \"Args\": {...}}");
      assertFailure(c.request("pulse.command", new JsonObject().put("Action", 5)), 400, "Action must be a string");
      assertFailure(c.request("pulse.command", new JsonObject().put("Action", "hosts.list").put("Args", "x")), 400,
          "Args must be an object");

      JsonObject ok = c.command("container.metrics", new JsonObject().put("Host", "fake").put("Id", "web"));
      assertEquals("rec", ok.getString("type"), ok.encode());
      assertEquals(FakeDockerGateway.ID, ok.getJsonObject("body").getString("Id"));
    }
  }

  @Test
  void theBridgeLetsNothingElseThrough() {
    try (BridgeClient c = BridgeClient.connect(server.port())) {
      // a send to any other address, a publish, and a register outside the outbound list are refused
      c.send(new JsonObject().put("type", "send").put("address", "pulse.internal.leases")
          .put("body", new JsonObject().put("Op", "status")).put("replyAddress", "r1"));
      assertAccessDenied(c);
      c.send(new JsonObject().put("type", "publish").put("address", "pulse.command")
          .put("body", new JsonObject().put("Action", "status")));
      assertAccessDenied(c);
      c.register("pulse.internal.samples");
      assertAccessDenied(c);
      c.register("pulse.metrics.fake." + "f".repeat(64)); // well-formed, but no such container
      assertAccessDenied(c);
      c.sendRaw("{not json");
      c.sendRaw("[1,2,3]");
      c.send(new JsonObject().put("type", "nonsense"));
      // the socket still works afterwards
      JsonObject status = c.command("status", null);
      assertEquals("rec", status.getString("type"), status.encode());
    }
  }

  @Test
  void afterAllThatTheServerIsHealthyAndBackToBaseline() {
    try (BridgeClient c = BridgeClient.connect(server.port())) {
      c.command("container.metrics", new JsonObject().put("Host", "fake").put("Id", "web").put("From", 0));
      Await.until("one session", Duration.ofSeconds(5), () -> server.status().getInteger("Sessions") == 1);
    }
    Await.until("sessions back to 0", Duration.ofSeconds(10), () -> server.status().getInteger("Sessions") == 0);
    Await.until("pollers back to 0 (linger 0, idle 0)", Duration.ofSeconds(10),
        () -> server.status().getInteger("Pollers") == 0);
    PulseTestServer.Reply health = server.get("/health");
    assertEquals(200, health.status());
    assertEquals("UP", health.json().getString("status"));
    assertFalse(server.get("/api/containers").json().getJsonArray("Containers").isEmpty());
  }

  private static void assertFailure(JsonObject frame, int code, String message) {
    assertEquals("err", frame.getString("type"), frame.encode());
    assertEquals(code, frame.getInteger("failureCode"), frame.encode());
    assertEquals(message, frame.getString("message"));
  }

  private static void assertAccessDenied(BridgeClient c) {
    // "access_denied" when the permitted lists refuse, "rejected" when Pulse's bridge hook does
    JsonObject err = c.await(f -> "err".equals(f.getString("type")), Duration.ofSeconds(5));
    assertTrue(List.of("access_denied", "rejected").contains(err.getString("body")), err.encode());
  }
}
