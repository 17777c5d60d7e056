package dev.pulse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.config.SecurityConfig;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.BridgeClient;
import dev.pulse.testsupport.FakeDockerGateway;
import dev.pulse.testsupport.PulseTestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bridge socket's login is the cookie of its own opening request, bound to it for its life: a SockJS session id is
 * not a credential, nobody can evict it, and a logout or an expiry ends every socket of that login at once.
 */
@Timeout(120)
class LoginBindingTest {

  private static final String SECRET = "correct horse battery staple";
  private static final String METRICS = "pulse.metrics.fake." + FakeDockerGateway.ID;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static PulseTestServer start(long ttlMs) {
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web");
    return PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0).withPollIntervalMs(200)
        .withLingerMs(0).withIdleTimeoutMs(0)
        .withSecurity(SecurityConfig.none().withSecret(SECRET).withSessionTtlMs(ttlMs))
        .withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))), spec -> engine);
  }

  private static String login(PulseTestServer server) {
    PulseTestServer.Reply r = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("Password", SECRET).encode())));
    assertEquals(200, r.status(), r.body());
    return r.setCookie().split(";")[0];
  }

  private static HttpResponse<String> post(PulseTestServer server, String path, String body, String cookie) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) r.header("Cookie", cookie);
    try {
      return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String statusFrame() {
    return new JsonArray().add(new JsonObject().put("type", "send").put("address", "pulse.command")
        .put("body", new JsonObject().put("Action", "status")).put("replyAddress", "r1")
        .put("headers", new JsonObject()).encode()).encode();
  }

  /**
   * Failed before the fix: a cookie-less WebSocket that reused a logged-in xhr session's id in its URL was answered
   * ({@code rec}), and cookie-less {@code xhr_send}/{@code xhr} requests on that id were accepted (204/200).
   */
  @Test
  void aSockJsSessionIdIsNotACredential() {
    try (PulseTestServer server = start(600_000)) {
      String cookie = login(server);
      String sid = UUID.randomUUID().toString().replace("-", "");
      assertEquals("o", post(server, "/eventbus/000/" + sid + "/xhr", "", cookie).body().trim());

      try (BridgeClient thief = BridgeClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/eventbus/000/"
          + sid + "/websocket"), null, null)) {
        JsonObject reply = thief.command("status", null);
        assertEquals("err", reply.getString("type"), reply.encode());
        assertEquals(401, reply.getInteger("failureCode"));
      }
      HttpResponse<String> send = post(server, "/eventbus/000/" + sid + "/xhr_send", statusFrame(), null);
      assertEquals(403, send.statusCode(), "a cookie-less send on someone else's session: " + send.body());
      assertTrue(new JsonObject(send.body()).getString("Error").contains("login"), send.body());
      assertEquals(403, post(server, "/eventbus/000/" + sid + "/xhr", "", null).statusCode(),
          "a cookie-less poll on someone else's session");
      assertEquals(403, post(server, "/eventbus/000/" + sid + "/xhr_send", statusFrame(), login(server)).statusCode(),
          "another login's cookie does not fit either");

      assertEquals(204, post(server, "/eventbus/000/" + sid + "/xhr_send", statusFrame(), cookie).statusCode());
      String answer = post(server, "/eventbus/000/" + sid + "/xhr", "", cookie).body();
      assertTrue(answer.contains("\\\"type\\\":\\\"rec\\\"") && answer.contains("Pollers"), answer);
    }
  }

  /**
   * Failed before the fix: 10,001 SockJS ids passed with one login's cookie filled the shared id → token map, which
   * was then cleared, and another user's open xhr socket got 401 on its next command.
   */
  @Test
  void oneLoginCannotEvictAnothersBridgeAuthorisation() throws Exception {
    try (PulseTestServer server = start(600_000);
        // the SockJS-framed WebSocket the browser's sockjs-client opens, with its session id in the URL
        BridgeClient victim = BridgeClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/eventbus/000/"
            + UUID.randomUUID().toString().replace("-", "") + "/websocket"), login(server), null)) {
      assertEquals("rec", victim.command("status", null).getString("type"));
      String attacker = login(server);
      Semaphore inFlight = new Semaphore(32);
      List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
      for (int i = 0; i <= 10_000; i++) {
        inFlight.acquire();
        all.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(server.base() + "/eventbus/000/fake" + i + "/xhr_send"))
                .header("Cookie", attacker).POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
            HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> inFlight.release()));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
      JsonObject reply = victim.command("status", null);
      assertEquals("rec", reply.getString("type"), "the victim is still logged in on its socket: " + reply.encode());
    }
  }

  /**
   * Failed before the fix: after a logout the socket stayed open and kept receiving points (and its lease kept the
   * poller running).
   */
  @ParameterizedTest
  @ValueSource(strings = {"websocket", "xhr_streaming", "xhr"})
  void logoutEndsEveryDeliveryWithinASecond(String transport) {
    try (PulseTestServer server = start(600_000)) {
      String cookie = login(server);
      try (BridgeClient c = connect(server, transport, cookie)) {
        c.register(METRICS);
        c.register("pulse.containers");
        c.awaitPush(METRICS, Duration.ofSeconds(10));
        assertEquals(1, pollers(server));
        assertEquals(200, logout(server, cookie), "logout");
        long t0 = System.nanoTime();
        Await.until("the socket closed by the server", Duration.ofSeconds(5), c::closedByServer);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, transport + " closed " + ms + " ms after the logout");
        assertNoPushes(c);
      }
      Await.until("pollers released", Duration.ofSeconds(5), () -> pollers(server) == 0);
    }
  }

  /** Failed before the fix: a socket of an expired login kept receiving points. */
  @ParameterizedTest
  @ValueSource(strings = {"websocket", "xhr_streaming", "xhr"})
  void expiryEndsEveryDeliveryWithinASecond(String transport) {
    long ttl = 2500;
    try (PulseTestServer server = start(ttl)) {
      long loggedIn = System.nanoTime();
      String cookie = login(server);
      try (BridgeClient c = connect(server, transport, cookie)) {
        c.register(METRICS);
        c.awaitPush(METRICS, Duration.ofSeconds(2));
        Await.until("the socket closed by the server", Duration.ofMillis(ttl + 5000), c::closedByServer);
        long late = (System.nanoTime() - loggedIn) / 1_000_000 - ttl;
        assertTrue(late < 1000, transport + " closed " + late + " ms after the login expired");
        assertNoPushes(c);
      }
      Await.until("pollers released", Duration.ofSeconds(5), () -> pollers(server) == 0);
    }
  }

  private static BridgeClient connect(PulseTestServer server, String transport, String cookie) {
    return switch (transport) {
      case "websocket" -> BridgeClient.connect(server.port(), cookie);
      case "xhr_streaming" -> BridgeClient.connectXhr(server.port(), cookie, true);
      default -> BridgeClient.connectXhr(server.port(), cookie, false);
    };
  }

  private static int pollers(PulseTestServer server) {
    return server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/status")).header("Cookie", login(server)))
        .json().getInteger("Pollers");
  }

  private static int logout(PulseTestServer server, String cookie) {
    return server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/logout")).header("Cookie", cookie)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))).status();
  }

  /** Nothing arrives after the close: waits a second and a half for a straggler. */
  private static void assertNoPushes(BridgeClient c) {
    c.drain();
    try {
      c.await(f -> "rec".equals(f.getString("type")), Duration.ofMillis(1500));
      throw new IllegalStateException("a push arrived after the login ended");
    } catch (AssertionError expected) {
      // no frame: deliveries stopped
    }
  }
}
