package dev.pulse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.ConfigException;
import dev.pulse.config.ConfigLoader;
import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.config.SecurityConfig;
import dev.pulse.testsupport.Await;
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
import org.junit.jupiter.api.function.Executable;

/** Every surface refused without a login and allowed with one; an open bind refused at start-up. */
@Timeout(60)
class AuthenticationTest {

  private static final String SECRET = "correct horse battery staple";
  private static final String METRICS = "/api/hosts/fake/containers/web/metrics";
  private static PulseTestServer server;

  @BeforeAll
  static void start() {
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web");
    server = PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0).withPollIntervalMs(300)
        .withLingerMs(0).withIdleTimeoutMs(0).withSecurity(SecurityConfig.none().withSecret(SECRET))
        .withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))), spec -> engine);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static PulseTestServer.Reply get(String path, String cookie) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.base() + path)).GET();
    if (cookie != null) r.header("Cookie", cookie);
    return server.send(r);
  }

  private static PulseTestServer.Reply login(String body) {
    return server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Logs in and returns the cookie to send back ({@code pulse_session=...}). */
  private static String loginCookie() {
    PulseTestServer.Reply r = login(new JsonObject().put("Password", SECRET).encode());
    assertEquals(200, r.status(), r.body());
    return r.setCookie().split(";")[0];
  }

  @Test
  void restIsRefusedWithoutLoginAndAllowedWithIt() {
    for (String path : List.of("/api/status", "/api/hosts", "/api/containers", METRICS, "/api/anything")) {
      PulseTestServer.Reply r = get(path, null);
      assertEquals(401, r.status(), path);
      assertEquals("authentication required: POST /api/login", r.json().getString("Error"));
      assertEquals(401, get(path, "pulse_session=forged").status(), path);
    }
    assertEquals(200, get("/health", null).status(), "health stays open");
    assertNotEquals(401, get("/", null).status(), "the page stays open (it shows the login form)");
    JsonObject auth = get("/api/auth", null).json();
    assertEquals(true, auth.getBoolean("AuthRequired"));
    assertEquals(false, auth.getBoolean("Authenticated"));

    String cookie = loginCookie();
    for (String path : List.of("/api/status", "/api/hosts", "/api/containers", METRICS)) {
      assertEquals(200, get(path, cookie).status(), path);
    }
    assertEquals(true, get("/api/auth", cookie).json().getBoolean("Authenticated"));

    server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/logout")).header("Cookie", cookie)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(401, get("/api/status", cookie).status(), "a logged-out session is dead");
  }

  @Test
  void theCookieIsHttpOnlyAndSameSiteStrict() {
    PulseTestServer.Reply r = login(new JsonObject().put("Password", SECRET).encode());
    String c = r.setCookie();
    assertTrue(c.startsWith(AuthRoutes.COOKIE + "="), c);
    assertTrue(c.contains("HTTPOnly") || c.contains("HttpOnly"), c);
    assertTrue(c.contains("SameSite=Strict"), c);
    assertTrue(c.contains("Max-Age="), c);
  }

  @Test
  void wrongAndMalformedLogins() {
    assertEquals(401, login(new JsonObject().put("Password", "nope").encode()).status());
    assertEquals("wrong password", login(new JsonObject().put("Password", "nope2").encode()).json()
        .getString("Error"));
    for (String bad : List.of("", "{", "[]", "{\"Password\": 5}", "{\"password\": \"x\"}", "null")) {
      PulseTestServer.Reply r = login(bad);
      assertEquals(400, r.status(), bad);
      assertEquals("expected {\"Password\": \"...\"}", r.json().getString("Error"));
    }
  }

  @Test
  void repeatedFailuresFromOneAddressAreSlowedDown() {
    for (int i = 0; i < LoginThrottle.FREE_FAILURES + 2; i++) login(new JsonObject().put("Password", "x").encode());
    long t0 = System.nanoTime();
    assertEquals(401, login(new JsonObject().put("Password", "x").encode()).status());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms >= 900, "the sixth failure in a row waited " + ms + " ms");
    loginCookie(); // a success clears the record
  }

  @Test
  void theBridgeRefusesSendAndRegisterWithoutLogin() {
    String address = "pulse.metrics.fake." + FakeDockerGateway.ID;
    try (BridgeClient anonymous = BridgeClient.connect(server.port())) {
      JsonObject reply = anonymous.command("status", null);
      assertEquals("err", reply.getString("type"), reply.encode());
      assertEquals(401, reply.getInteger("failureCode"));
      anonymous.register(address);
      JsonObject refused = anonymous.await(f -> "err".equals(f.getString("type")), Duration.ofSeconds(5));
      assertEquals("rejected", refused.getString("body"));
      anonymous.register("pulse.containers");
      assertEquals("rejected", anonymous.await(f -> "err".equals(f.getString("type")), Duration.ofSeconds(5))
          .getString("body"));
    }
    Await.until("the anonymous socket is gone", Duration.ofSeconds(10),
        () -> get("/api/status", loginCookie()).json().getInteger("Pollers") == 0);

    try (BridgeClient member = BridgeClient.connect(server.port(), loginCookie())) {
      JsonObject ok = member.command("status", null);
      assertEquals("rec", ok.getString("type"), ok.encode());
      member.register(address);
      JsonObject push = member.awaitPush(address, Duration.ofSeconds(10));
      assertTrue(push.getJsonObject("body").containsKey("seq"));
    }
  }

  /** The fallback transports a browser uses when WebSockets are blocked carry the login too. */
  @Test
  void sockJsXhrTransportIsRefusedWithoutLoginAndServedWithIt() {
    String frame = "[\"" + new JsonObject().put("type", "send").put("address", "pulse.command")
        .put("body", new JsonObject().put("Action", "status")).put("replyAddress", "r1").put("headers", new JsonObject())
        .encode().replace("\"", "\\\"") + "\"]";
    for (String cookie : new String[] {null, loginCookie()}) {
      String base = "/eventbus/000/" + (cookie == null ? "anon" : "member") + "/";
      assertEquals("o", xhr(base + "xhr", "", cookie).body().trim(), "session opened");
      assertEquals(204, xhr(base + "xhr_send", frame, cookie).status());
      String reply = xhr(base + "xhr", "", cookie).body();
      if (cookie == null) {
        assertTrue(reply.contains("failureCode\\\":401"), reply);
      } else {
        assertTrue(reply.contains("\\\"type\\\":\\\"rec\\\"") && reply.contains("Pollers"), reply);
      }
    }
  }

  /** A fresh connection each time: SockJS may close an xhr connection after answering, and a pooled one would fail. */
  private static PulseTestServer.Reply xhr(String path, String body, String cookie) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.base() + path))
        .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) r.header("Cookie", cookie);
    try {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> response = client.send(r.build(), HttpResponse.BodyHandlers.ofString());
      return new PulseTestServer.Reply(response.statusCode(), response.body(), "", "");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anOpenBindWithoutAuthenticationIsRefusedAtStartUp() {
    Executable open = () -> ConfigLoader.parse(new JsonObject().put("PULSE_HTTP_HOST", "0.0.0.0"));
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, open);
    assertTrue(e.getMessage().contains("PULSE_AUTH_SECRET"), e.getMessage());
    // loopback, an explicit choice, or a secret: all fine
    ConfigLoader.parse(new JsonObject().put("PULSE_HTTP_HOST", "127.0.0.1"));
    ConfigLoader.parse(new JsonObject().put("PULSE_HTTP_HOST", "0.0.0.0").put("PULSE_INSECURE", "true"));
    ConfigLoader.parse(new JsonObject().put("PULSE_HTTP_HOST", "0.0.0.0").put("PULSE_AUTH_SECRET", "x"));
  }
}
