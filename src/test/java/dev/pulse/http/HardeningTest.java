package dev.pulse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.config.SecurityConfig;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.BridgeClient;
import dev.pulse.testsupport.FakeDockerGateway;
import dev.pulse.testsupport.NodeProcess;
import dev.pulse.testsupport.PulseTestServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The smaller holes of issue 12, item 8. Each failed before the fix: login and logout took any Content-Type (a
 * cross-site form could log a user out); silent and half-sent HTTP connections were held open for ever; bridge sockets
 * that never pinged were never closed; no response said X-Frame-Options, CSP frame-ancestors or nosniff; and a reset
 * anonymous socket printed a stack trace.
 */
@Timeout(120)
class HardeningTest {

  private static final long IDLE_MS = 1500;
  private static PulseTestServer server;

  @BeforeAll
  static void start() {
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web");
    server = PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0)
        .withSecurity(SecurityConfig.none().withSecret("s3cret").withTimeouts(IDLE_MS, IDLE_MS))
        .withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))), spec -> engine);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""})
  void loginAndLogoutRequireJson(String type) {
    for (String path : List.of("/api/login", "/api/logout")) {
      HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.base() + path))
          .POST(HttpRequest.BodyPublishers.ofString("{\"Password\":\"s3cret\"}"));
      if (!type.isEmpty()) r.header("Content-Type", type);
      PulseTestServer.Reply reply = server.send(r);
      assertEquals(415, reply.status(), path + " with '" + type + "': " + reply.body());
      assertEquals("Content-Type must be application/json", reply.json().getString("Error"));
    }
    assertEquals(200, server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/login"))
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString("{\"Password\":\"s3cret\"}"))).status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"})
  void silentAndHalfSentConnectionsAreClosed(String sent) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout((int) (IDLE_MS * 3 + 5000));
      s.getOutputStream().write(sent.getBytes(StandardCharsets.US_ASCII));
      long t0 = System.nanoTime();
      InputStream in = s.getInputStream();
      int b;
      try {
        while ((b = in.read()) >= 0) {
          // drain whatever the server says before it hangs up
        }
      } catch (java.net.SocketException reset) {
        // a reset is a close too
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < IDLE_MS * 3, "closed after " + ms + " ms");
    }
  }

  @Test
  void aBridgeSocketThatNeverPingsIsClosed() {
    try (BridgeClient silent = BridgeClient.connect(server.port())) {
      long t0 = System.nanoTime();
      Await.until("the silent socket closed", Duration.ofMillis(IDLE_MS * 4 + 2000), silent::closedByServer);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < IDLE_MS * 3, "closed after " + ms + " ms");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/index.html", "/js/app.js", "/nowhere", "/api/status", "/api/login", "/health",
      "/eventbus/info", "/webjars/sockjs-client/1.6.1/dist/sockjs.min.js"})
  void everyAnswerForbidsFramingAndSniffing(String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.base() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), path);
    assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"), path);
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
  }

  @Test
  void resetAnonymousSocketsWriteNoStackTraces() throws Exception {
    int port = NodeProcess.freePort();
    try (NodeProcess node = NodeProcess.launch("reset", port,
        Map.of("PULSE_DOCKER_HOSTS", "local=unix:///nonexistent/docker.sock", "PULSE_AUTH_SECRET", "s3cret"))) {
      node.awaitHealthy(Duration.ofSeconds(60));
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 100; i++) {
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
            + "/eventbus/websocket"), new WebSocket.Listener() { }).join();
        // a refused registration and a refused request: the server answers into a socket that is gone
        ws.sendText("{\"type\":\"register\",\"address\":\"pulse.containers\"}", true).join();
        ws.sendText("{\"type\":\"send\",\"address\":\"pulse.command\",\"replyAddress\":\"r" + i
            + "\",\"body\":{\"Action\":\"status\"}}", true).join();
        ws.abort();
      }
      String cookie = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"Password\":\"s3cret\"}")).build(), HttpResponse.BodyHandlers.ofString())
          .headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      Await.until("the resets handled", Duration.ofSeconds(20), () -> {
        try {
          return new io.vertx.core.json.JsonObject(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + port + "/api/status")).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString())
              .body()).getInteger("Sessions") == 0;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      String out = node.output();
      assertFalse(out.contains("\tat ") || out.contains("Exception:") && out.contains("\n\tat"),
          "stack traces in the node's output:\n" + out.substring(0, Math.min(out.length(), 3000)));
      // before: JUL's own format, three lines a reset (and a stack trace where the exception carries one)
      long lines = out.lines().filter(l -> !l.isBlank()).count();
      assertTrue(lines <= 100 + 5, lines + " lines of output for 100 resets:\n" + out.substring(0, Math.min(out.length(), 2000)));
    }
  }
}
