package dev.pulse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.BridgeClient;
import dev.pulse.testsupport.NodeProcess;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two clustered Pulse JVMs (Hazelcast on 127.0.0.1) with one secret: a login made on A opens B's REST and bridge with
 * the same cookie, and a logout on A ends it on B too, closing B's socket. Before logins were in the cluster's store,
 * B answered 401 to A's cookie.
 */
@Timeout(240)
class ClusterLoginTest {

  private static final Duration START = Duration.ofSeconds(90);
  private static final String SECRET = "one login for the whole cluster";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void aLoginOnOneNodeOpensTheOthersRestAndBridgeAndItsLogoutClosesThem() throws Exception {
    try (TestDocker docker = TestDocker.require()) {
      int[] cluster = {NodeProcess.freePort(), NodeProcess.freePort()};
      String members = "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1];
      try (NodeProcess a = node("node-a", cluster[0], members, "alpha=" + docker.url());
           NodeProcess b = node("node-b", cluster[1], members, "beta=" + docker.url())) {
        a.awaitHealthy(START);
        b.awaitHealthy(START);
        Await.until("A and B in one cluster", Duration.ofSeconds(60),
            () -> hosts(a, login(b)) == 2);

        String cookie = login(a);
        assertEquals(200, get(b, "/api/status", cookie).statusCode(), "A's login opens B's REST");
        assertEquals(401, get(b, "/api/status", null).statusCode());
        try (BridgeClient page = BridgeClient.connect(b.port(), cookie)) {
          JsonObject status = page.command("status", null);
          assertEquals("rec", status.getString("type"), "A's login opens B's bridge: " + status.encode());
          assertEquals("node-b", status.getJsonObject("body").getString("Node"));

          assertEquals(200, post(a, "/api/logout", cookie).statusCode());
          long t0 = System.nanoTime();
          Await.until("B's socket closed after the logout on A", Duration.ofSeconds(5), page::closedByServer);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          assertTrue(ms < 2000, "closed " + ms + " ms after the logout");
        }
        assertEquals(401, get(b, "/api/status", cookie).statusCode(), "logged out on B too");
        assertEquals(401, get(a, "/api/status", cookie).statusCode());
      }
    }
  }

  private static NodeProcess node(String name, int clusterPort, String members, String hosts) {
    Map<String, String> env = NodeProcess.clusterEnv(clusterPort, members, hosts);
    env.put("PULSE_AUTH_SECRET", SECRET);
    return NodeProcess.launch(name, NodeProcess.freePort(), env);
  }

  private static int hosts(NodeProcess node, String cookie) {
    HttpResponse<String> r = get(node, "/api/hosts", cookie);
    return r.statusCode() == 200 ? new JsonObject(r.body()).getJsonArray("Hosts").size() : -1;
  }

  private static String login(NodeProcess node) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri(node, "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("Password", SECRET).encode())));
    assertEquals(200, r.statusCode(), r.body());
    return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
  }

  private static HttpResponse<String> get(NodeProcess node, String path, String cookie) {
    HttpRequest.Builder r = HttpRequest.newBuilder(uri(node, path));
    if (cookie != null) r.header("Cookie", cookie);
    return send(r);
  }

  private static HttpResponse<String> post(NodeProcess node, String path, String cookie) {
    return send(HttpRequest.newBuilder(uri(node, path)).header("Cookie", cookie)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
  }

  private static URI uri(NodeProcess node, String path) {
    return URI.create("http://127.0.0.1:" + node.port() + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder r) {
    try {
      return HTTP.send(r.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
