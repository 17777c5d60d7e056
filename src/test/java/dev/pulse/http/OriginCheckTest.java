package dev.pulse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.config.SecurityConfig;
import dev.pulse.testsupport.BridgeClient;
import dev.pulse.testsupport.FakeDockerGateway;
import dev.pulse.testsupport.PulseTestServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bridge accepts only the page's own origin and {@code PULSE_ALLOWED_ORIGINS}. Failed before the fix: a WebSocket
 * with a foreign or {@code null} Origin and the cookie was served, SockJS echoed any origin with credentials and
 * reported {@code "origins":["*:*"]}, and JSONP, eventsource and htmlfile answered.
 */
@Timeout(60)
class OriginCheckTest {

  private static final String SECRET = "s3cret";
  private static final String PROXIED = "https://pulse.example.com";
  private static PulseTestServer server;
  private static String cookie;

  @BeforeAll
  static void start() {
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web");
    server = PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0)
        .withSecurity(SecurityConfig.none().withSecret(SECRET).withAllowedOrigins(List.of(PROXIED)))
        .withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))), spec -> engine);
    cookie = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("Password", SECRET).encode())))
        .setCookie().split(";")[0];
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static URI ws() {
    return URI.create("ws://127.0.0.1:" + server.port() + "/eventbus/websocket");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:1", "http://localhost", "null", "https://evil.example",
      "http://127.0.0.1:%d.evil.example"})
  void aWebSocketFromAnotherOriginIsRefused(String origin) {
    String o = String.format(origin, server.port());
    assertThrows(RuntimeException.class, () -> BridgeClient.connect(ws(), cookie, o).close(), o);
  }

  @ParameterizedTest
  @ValueSource(strings = {"own", PROXIED, "none"})
  void theOwnOriginAConfiguredOneAndScriptsWithoutOriginAreServed(String origin) {
    String o = origin.equals("own") ? server.base() : origin.equals("none") ? null : origin;
    try (BridgeClient c = BridgeClient.connect(ws(), cookie, o)) {
      assertEquals("rec", c.command("status", null).getString("type"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/eventbus/info", "/eventbus/000/abc/xhr", "/eventbus/000/abc/xhr_streaming"})
  void sockJsRequestsFromAnotherOriginAreRefusedWithoutCors(String path) throws Exception {
    for (String origin : List.of("http://127.0.0.1:1", "null")) {
      HttpResponse<String> r = request(path, origin, path.endsWith("info") ? "GET" : "POST");
      assertEquals(403, r.statusCode(), origin + " " + path + " → " + r.body());
      assertFalse(r.headers().firstValue("Access-Control-Allow-Origin").isPresent(), r.headers().toString());
      assertFalse(r.body().contains("*:*"), r.body());
    }
    HttpResponse<String> own = request("/eventbus/info", server.base(), "GET");
    assertEquals(200, own.statusCode());
    assertEquals(server.base(), own.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/eventbus/000/abc/jsonp?c=cb", "/eventbus/000/abc/eventsource", "/eventbus/000/abc/htmlfile?c=cb"})
  void transportsThePageDoesNotUseAreOff(String path) throws Exception {
    HttpResponse<String> r = request(path, server.base(), "GET");
    assertEquals(404, r.statusCode(), path + " → " + r.body());
  }

  private static HttpResponse<String> request(String path, String origin, String method) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(Duration.ofSeconds(5))
        .header("Cookie", cookie).method(method, HttpRequest.BodyPublishers.noBody());
    if (origin != null) r.header("Origin", origin);
    // eventsource and xhr_streaming keep the answer open: read its head only
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<java.io.InputStream> response = client.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
    byte[] head = response.body().readNBytes(response.statusCode() == 200 ? 1 : 4096);
    response.body().close();
    return new HttpResponse<>() {
      public int statusCode() { return response.statusCode(); }
      public HttpRequest request() { return response.request(); }
      public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
      public java.net.http.HttpHeaders headers() { return response.headers(); }
      public String body() { return new String(head); }
      public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
      public URI uri() { return response.uri(); }
      public HttpClient.Version version() { return response.version(); }
    };
  }
}
