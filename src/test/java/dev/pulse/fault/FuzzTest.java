package dev.pulse.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.session.SessionBridge;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.BridgeClient;
import dev.pulse.testsupport.FakeDockerGateway;
import dev.pulse.testsupport.PulseTestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of malformed, oversized and wrong-typed bridge frames and REST requests (seeded, so a failure replays):
 * each gets a proper error, the server stays healthy, and Pollers and Sessions return to their baseline.
 */
@Timeout(300)
class FuzzTest {

  private static final long SEED = 20261127L;
  private static final Object[] VALUES = {null, 0, -1, 1.5, 1e300, Long.MAX_VALUE, "", "x", "web", "fake",
      FakeDockerGateway.ID, "../../etc/passwd", "a".repeat(5000), true, new JsonArray().add(1),
      new JsonObject().put("a", 1), "pulse.metrics.fake." + FakeDockerGateway.ID, "\u0000\uffff", "%s%n"};
  private static final String[] ACTIONS = {"status", "hosts.list", "containers.list", "container.metrics",
      "container.kill", "", "CONTAINER.METRICS", "hosts.list "};
  private static final String[] TYPES = {"send", "publish", "register", "unregister", "ping", "rec", "err", "",
      "SEND"};
  private static final String[] ADDRESSES = {"pulse.command", "pulse.containers", "pulse.internal.leases",
      "pulse.internal.samples", "pulse.metrics.fake." + FakeDockerGateway.ID, "pulse.metrics.fake.x",
      "pulse.metrics..", "", "a".repeat(300)};

  private final Random random = new Random(SEED);

  private Object any() {
    return VALUES[random.nextInt(VALUES.length)];
  }

  private String frame() {
    switch (random.nextInt(6)) {
      case 0: { // random text, often not JSON
        byte[] b = new byte[random.nextInt(200)];
        random.nextBytes(b);
        return new String(b, StandardCharsets.ISO_8859_1);
      }
      case 1: { // truncated JSON
        String ok = command().encode();
        return ok.substring(0, random.nextInt(ok.length()));
      }
      case 2: // wrong-typed envelope
        return new JsonObject().put("type", any()).put("address", any()).put("body", any())
            .put("replyAddress", any()).put("headers", any()).encode();
      case 3: // right envelope, random type and address
        return new JsonObject().put("type", TYPES[random.nextInt(TYPES.length)])
            .put("address", ADDRESSES[random.nextInt(ADDRESSES.length)]).put("body", command())
            .put("headers", new JsonObject()).encode();
      default: // a request with wrong-typed arguments
        return new JsonObject().put("type", "send").put("address", "pulse.command").put("body", command())
            .put("replyAddress", UUID.randomUUID().toString()).put("headers", new JsonObject()).encode();
    }
  }

  private JsonObject command() {
    JsonObject args = new JsonObject();
    for (String k : new String[] {"Host", "Id", "From"}) {
      if (random.nextInt(4) > 0) args.put(k, any());
    }
    JsonObject c = new JsonObject().put("Action", random.nextInt(5) == 0 ? any() : ACTIONS[random.nextInt(ACTIONS.length)]);
    if (random.nextInt(5) > 0) c.put("Args", random.nextInt(6) == 0 ? any() : args);
    return c;
  }

  /** A Pulse on a fake engine with one running container, {@code web}, once its host answers. */
  private static PulseTestServer startOnFakeEngine() {
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web");
    PulseTestServer server = PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0)
        .withPollIntervalMs(250).withLingerMs(0).withIdleTimeoutMs(0)
        .withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))), spec -> engine);
    try {
      Await.until("the fake host", Duration.ofSeconds(10),
          () -> server.get("/api/hosts").json().getJsonArray("Hosts").getJsonObject(0).getBoolean("Available"));
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  @Test
  void garbageInProperErrorsOutServerUnharmed() {
    try (PulseTestServer server = startOnFakeEngine()) {
      JsonObject baseline = server.status();

      int requests = 0;
      int answered = 0;
      int reconnects = 0;
      BridgeClient c = BridgeClient.connect(server.port());
      try {
        for (int i = 0; i < 3000; i++) {
          if (i % 500 == 499) {
            // oversized: the server closes the offending socket (and only it)
            c.send(new JsonObject().put("type", "send").put("address", "pulse.command")
                .put("body", new JsonObject().put("Action", "status").put("Pad", "x".repeat(SessionBridge.MAX_FRAME)))
                .put("headers", new JsonObject()));
            BridgeClient closing = c;
            Await.until("the oversized frame's socket closed", Duration.ofSeconds(10), closing::closedByServer);
            c.close();
            c = BridgeClient.connect(server.port());
            reconnects++;
            continue;
          }
          String f = frame();
          JsonObject parsed = tryParse(f);
          boolean request = parsed != null && "send".equals(parsed.getValue("type"))
              && "pulse.command".equals(parsed.getValue("address")) && parsed.getValue("replyAddress") instanceof String;
          c.sendRaw(f);
          if (request) {
            requests++;
            String reply = parsed.getString("replyAddress");
            JsonObject r = c.await(x -> reply.equals(x.getString("address")), Duration.ofSeconds(20));
            if ("err".equals(r.getString("type"))) {
              int code = r.getInteger("failureCode");
              assertTrue(Set.of(400, 404, 413, 429).contains(code), r.encode());
              assertTrue(r.getString("message") != null && !r.getString("message").contains("Exception"), r.encode());
            } else {
              assertEquals("rec", r.getString("type"), r.encode());
            }
            answered++;
          }
          if (i % 200 == 0) c.drain();
        }
      } finally {
        c.close();
      }
      assertEquals(requests, answered, "every request answered");
      assertTrue(requests > 300, requests + " requests");
      assertTrue(reconnects >= 1, "oversized frames close the offending socket");

      String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH"};
      String[] paths = {"/api/hosts/%s/containers/%s/metrics?from=%s", "/api/%s", "/api/hosts/%s", "/%s",
          "/api/containers?%s=%s", "/eventbus/%s"};
      for (int i = 0; i < 2000; i++) {
        String path = String.format(paths[random.nextInt(paths.length)], enc(), enc(), enc());
        String method = methods[random.nextInt(methods.length)];
        PulseTestServer.Reply r;
        try {
          r = server.send(HttpRequest.newBuilder(URI.create(server.base() + path))
              .method(method, HttpRequest.BodyPublishers.ofString(String.valueOf(any()))));
        } catch (IllegalArgumentException badUri) {
          continue;
        }
        assertTrue(r.status() < 500, method + " " + path + " → " + r.status() + " " + r.body());
        if (path.startsWith("/api/") && r.status() >= 400) {
          assertTrue(r.json().getString("Error") != null, method + " " + path + " → " + r.body());
          assertTrue(!r.body().contains("Exception") && !r.body().contains("\tat "), r.body());
        }
      }

      assertEquals(200, server.get("/health").status());
      Await.until("sessions back to baseline", Duration.ofSeconds(20),
          () -> server.status().getInteger("Sessions").equals(baseline.getInteger("Sessions")));
      Await.until("pollers back to baseline", Duration.ofSeconds(20),
          () -> server.status().getInteger("Pollers").equals(baseline.getInteger("Pollers")));
      try (BridgeClient fresh = BridgeClient.connect(server.port())) {
        JsonObject ok = fresh.command("container.metrics", new JsonObject().put("Host", "fake").put("Id", "web"));
        assertEquals("rec", ok.getString("type"), "a new socket is served normally: " + ok.encode());
      }
    }
  }

  /**
   * The holes of issue 12 under fuzz: foreign and null origins, multipart bodies, login and logout without JSON, and
   * sockets that reset while their lease request is in flight. Each gets a clear 4xx, no file is written, and
   * Sessions and Pollers return to their baseline.
   */
  @Test
  void attackShapedRequestsGetClearRefusals() throws Exception {
    try (PulseTestServer server = startOnFakeEngine()) {
      java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
      String[] origins = {"null", "http://127.0.0.1:1", "https://evil.example", "http://localhost", "file://",
          "http://127.0.0.1:" + server.port() + ".evil", "HTTP://127.0.0.1:" + (server.port() + 1)};
      for (int i = 0; i < 100; i++) {
        String origin = origins[random.nextInt(origins.length)];
        String path = random.nextBoolean() ? "/eventbus/info" : "/eventbus/000/s" + i + "/xhr";
        java.net.http.HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.base() + path))
            .header("Origin", origin).POST(HttpRequest.BodyPublishers.noBody()).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode(), origin + " " + path);
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), origin);
        String o = origin;
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> BridgeClient.connect(
            URI.create("ws://127.0.0.1:" + server.port() + "/eventbus/websocket"), null, o).close(), origin);
      }
      String[] types = {null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
          "application/jsonx", "application/json-patch+json"};
      for (int i = 0; i < 200; i++) {
        String type = types[random.nextInt(types.length)];
        String path = random.nextBoolean() ? "/api/login" : "/api/logout";
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.base() + path)).POST(HttpRequest.BodyPublishers
            .ofString("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n"
                + "x".repeat(random.nextInt(5000)) + "\r\n--b--\r\n"));
        if (type != null) r.header("Content-Type", type);
        PulseTestServer.Reply reply = server.send(r);
        assertEquals(415, reply.status(), type + " " + path + " → " + reply.body());
        assertEquals("Content-Type must be application/json", reply.json().getString("Error"));
      }
      assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("file-uploads")), "no upload directory");

      JsonObject baseline = server.status();
      for (int i = 0; i < 200; i++) {
        java.net.http.WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:"
            + server.port() + "/eventbus/websocket"), new java.net.http.WebSocket.Listener() { }).join();
        ws.sendText(new JsonObject().put("type", "register").put("address", "pulse.metrics.fake." + FakeDockerGateway.ID)
            .put("headers", new JsonObject()).encode(), true).join();
        if (random.nextBoolean()) Thread.onSpinWait();
        ws.abort();
      }
      Await.until("sessions back to baseline", Duration.ofSeconds(20),
          () -> server.status().getInteger("Sessions").equals(baseline.getInteger("Sessions")));
      Await.until("pollers back to baseline", Duration.ofSeconds(20),
          () -> server.status().getInteger("Pollers").equals(baseline.getInteger("Pollers")));
    }
  }

  private String enc() {
    Object v = any();
    return URLEncoder.encode(String.valueOf(v).substring(0, Math.min(40, String.valueOf(v).length())),
        StandardCharsets.UTF_8);
  }

  private static JsonObject tryParse(String s) {
    try {
      return new JsonObject(s);
    } catch (RuntimeException e) {
      return null;
    }
  }

}
