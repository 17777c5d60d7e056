package dev.pulse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.NodeProcess;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read-only endpoints a script or another page can reach, {@code /metrics} and the CSV export, seen from outside:
 * a page of another origin (same host, another port, so the SameSite cookie goes along) must not be able to read
 * them, and a client that goes away halfway through a request or its answer must leave nothing behind: no stack
 * trace in the log, no poller kept alive past the idle timeout, the next client served.
 */
@Timeout(180)
class ReadEndpointsFromOutsideTest {

  private static final String SECRET = "outside-secret";
  private static final String TOKEN = "outside-token-0123456789abcdef";
  private static final List<String> FOREIGN = List.of("https://evil.example", "null", "http://127.0.0.1:1");

  @Test
  void anotherOriginCannotReadAndAResetLeavesNothingBehind() throws Exception {
    try (TestDocker docker = TestDocker.require()) {
      docker.runBusy("outside");
      String name = docker.uniqueName("outside");
      int port = NodeProcess.freePort();
      try (NodeProcess node = NodeProcess.launch("outside", port, Map.of(
          "PULSE_DOCKER_HOSTS", "local=" + docker.url(), "PULSE_AUTH_SECRET", SECRET,
          "PULSE_METRICS_TOKEN", TOKEN, "PULSE_POLL_INTERVAL_MS", "500",
          "PULSE_IDLE_TIMEOUT_MS", "3000", "PULSE_LINGER_MS", "0"))) {
        node.awaitHealthy(Duration.ofSeconds(60));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + port;
        String cookie = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"Password\":\"" + SECRET + "\"}")).build(),
            HttpResponse.BodyHandlers.ofString()).headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csv = "/api/hosts/local/containers/" + name + "/metrics?format=csv";
        Await.until("the container's history", Duration.ofSeconds(30), () -> send(http, base + csv, cookie, null)
            .body().split("\r\n").length >= 3);

        // another origin: served or refused, but never with CORS headers that would let its script read the answer
        for (String origin : FOREIGN) {
          for (String path : List.of("/metrics", csv, "/api/status")) {
            HttpResponse<String> r = send(http, base + path, cookie, origin);
            assertFalse(r.headers().firstValue("Access-Control-Allow-Origin").isPresent(), origin + " " + path);
            assertFalse(r.headers().firstValue("Access-Control-Allow-Credentials").isPresent(), origin + " " + path);
            HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").build(),
                HttpResponse.BodyHandlers.ofString());
            assertFalse(preflight.headers().firstValue("Access-Control-Allow-Origin").isPresent(),
                "preflight from " + origin + " for " + path + " → " + preflight.statusCode());
            assertTrue(preflight.statusCode() < 500, preflight.statusCode() + " " + preflight.body());
          }
        }

        // clients that go away: after sending a scrape, in the middle of the CSV answer, halfway through a request
        String scrape = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n";
        String export = "GET " + csv + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + "\r\n\r\n";
        for (int i = 0; i < 20; i++) {
          reset(port, scrape, 0);
          reset(port, export, 20);
          reset(port, scrape.substring(0, scrape.length() / 2), 0);
          reset(port, export.substring(0, 30), 0);
        }
        assertEquals(200, node.get("/health").statusCode());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
            .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("name=\"" + name + "\""), "the next scrape is whole: " + metrics.body());
        assertEquals(200, send(http, base + csv, cookie, null).statusCode());

        // the scrapes touched the REST lease: once nobody asks, the idle timeout stops the poller
        Await.until("no poller once nobody reads", Duration.ofSeconds(30), () -> new JsonObject(
            send(http, base + "/api/status", cookie, null).body()).getInteger("Pollers") == 0);
        String out = node.output();
        assertFalse(out.contains("\tat "), "a stack trace in the node's log:\n"
            + out.substring(Math.max(0, out.indexOf("\tat ") - 2000), Math.min(out.length(), out.indexOf("\tat ") + 500)));
      }
    }
  }

  private static HttpResponse<String> send(HttpClient http, String url, String cookie, String origin) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("Cookie", cookie);
    if (origin != null) b.header("Origin", origin);
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends {@code request}, reads {@code readFirst} bytes of the answer, then resets the connection (RST). */
  private static void reset(int port, String request, int readFirst) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.setSoLinger(true, 0);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      for (int i = 0; i < readFirst && in.read() >= 0; i++) { }
    }
  }
}
