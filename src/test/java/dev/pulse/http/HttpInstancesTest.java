package dev.pulse.http;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two HTTP verticle instances: Vert.x hands new connections to them in turn, so requests on fresh connections land on
 * both. A login made through one is honoured by the other (REST, WebSocket and xhr bridge), an xhr SockJS session
 * opened on one is bound to its login on the other too, and one logout closes the sockets of both.
 */
@Timeout(120)
class HttpInstancesTest {

  private static final String SECRET = "two instances, one login";
  private static final String METRICS = "pulse.metrics.fake." + FakeDockerGateway.ID;
  private static final int CONNECTIONS = 4;

  @Test
  void aLoginMadeOnOneInstanceHoldsOnTheOtherAndItsLogoutEndsBoth() {
    FakeDockerGateway engine = new FakeDockerGateway("fake").withRunning(FakeDockerGateway.ID, "web");
    List<BridgeClient> sockets = new ArrayList<>();
    try (PulseTestServer server = PulseTestServer.start(PulseConfig.defaults().withHttp("127.0.0.1", 0)
        .withHttpInstances(2).withPollIntervalMs(200).withLingerMs(0).withIdleTimeoutMs(0)
        .withSecurity(SecurityConfig.none().withSecret(SECRET))
        .withDockerHosts(List.of(new DockerHostSpec("fake", "unix:///nonexistent.sock"))), spec -> engine)) {
      HttpResponse<String> login = fresh(server, "/api/login", "POST",
          new JsonObject().put("Password", SECRET).encode(), null);
      assertEquals(200, login.statusCode(), login.body());
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

      for (int i = 0; i < CONNECTIONS; i++) {
        assertEquals(200, fresh(server, "/api/status", "GET", null, cookie).statusCode(), "connection " + i);
        assertEquals(401, fresh(server, "/api/status", "GET", null, null).statusCode(), "connection " + i);
      }

      for (int i = 0; i < CONNECTIONS; i++) {
        BridgeClient c = BridgeClient.connect(server.port(), cookie);
        sockets.add(c);
        c.register(METRICS);
        c.awaitPush(METRICS, Duration.ofSeconds(10));
      }
      // an xhr session opened through one connection; its sends come through fresh ones, on either instance
      String sid = UUID.randomUUID().toString().replace("-", "");
      assertEquals("o", fresh(server, "/eventbus/000/" + sid + "/xhr", "POST", "", cookie).body().trim());
      for (int i = 0; i < CONNECTIONS; i++) {
        assertEquals(403, fresh(server, "/eventbus/000/" + sid + "/xhr_send", "POST", statusFrame(), null)
            .statusCode(), "a cookie-less send on connection " + i);
        assertEquals(204, fresh(server, "/eventbus/000/" + sid + "/xhr_send", "POST", statusFrame(), cookie)
            .statusCode(), "the owner's send on connection " + i);
      }
      Await.until("the sockets of both instances counted on the node", Duration.ofSeconds(5),
          () -> sessions(server, cookie) >= CONNECTIONS);

      assertEquals(200, fresh(server, "/api/logout", "POST", "{}", cookie).statusCode());
      long t0 = System.nanoTime();
      for (BridgeClient c : sockets) {
        Await.until("the socket closed by the server", Duration.ofSeconds(5), c::closedByServer);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < 1000, "closed " + ms + " ms after the logout");
      assertEquals(401, fresh(server, "/api/status", "GET", null, cookie).statusCode(), "logged out on either");
      assertEquals(401, fresh(server, "/api/status", "GET", null, cookie).statusCode(), "logged out on either");
    } finally {
      sockets.forEach(BridgeClient::close);
    }
  }

  private static int sessions(PulseTestServer server, String cookie) {
    HttpResponse<String> r = fresh(server, "/api/status", "GET", null, cookie);
    return r.statusCode() == 200 ? new JsonObject(r.body()).getInteger("Sessions") : -1;
  }

  private static String statusFrame() {
    return new JsonArray().add(new JsonObject().put("type", "send").put("address", "pulse.command")
        .put("body", new JsonObject().put("Action", "status")).put("replyAddress", "r1")
        .put("headers", new JsonObject()).encode()).encode();
  }

  /** A request on a connection of its own, so that connections alternate between the instances. */
  private static HttpResponse<String> fresh(PulseTestServer server, String path, String method, String body,
      String cookie) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) r.header("Content-Type", "application/json");
    if (cookie != null) r.header("Cookie", cookie);
    try {
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
          .send(r.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
