package dev.pulse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.ClusterConfig;
import dev.pulse.testsupport.NodeProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node's Vert.x runs its sockets on Netty's epoll transport where the jar's native library loads (Linux x86_64,
 * this machine), and says in the start-up log which transport it got and why not the native one.
 */
@Timeout(120)
class TransportTest {

  private static final boolean LINUX_X86_64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
      && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));

  @Test
  void anUnclusteredNodeServesOnEpollOnLinuxX8664() throws Exception {
    ClusterSetup setup = await(ClusterSetup.start(ClusterConfig.none(), "transport-test"));
    Vertx vertx = setup.vertx();
    try {
      if (LINUX_X86_64) {
        assertNull(vertx.unavailableNativeTransportCause(), "the jar's libnetty_transport_native_epoll loads");
        assertTrue(vertx.isNativeTransportEnabled());
        assertEquals("epoll", ClusterSetup.transport(vertx));
      } else {
        assertNotNull(vertx.unavailableNativeTransportCause(), "elsewhere the fallback says why");
        assertEquals("nio", ClusterSetup.transport(vertx));
      }
      // a real loopback round trip on that transport
      HttpServer server = await(vertx.createHttpServer().requestHandler(req -> req.response().end("pong"))
          .listen(0, "127.0.0.1"));
      // a client nothing references is shut down when it is garbage collected ("Pool closed", vert.x #5577): this
      // one is held until it is closed, and a collection while its request is under way shows that it is
      HttpClient client = vertx.createHttpClient();
      try {
        Future<Buffer> body = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
            .compose(req -> req.send()).compose(HttpClientResponse::body);
        System.gc();
        assertEquals("pong", await(body).toString());
      } finally {
        await(client.close());
      }
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aClusteredNodeRunsOnTheSameTransport() throws Exception {
    int port = NodeProcess.freePort();
    ClusterSetup setup = await(ClusterSetup.start(ClusterConfig.on("127.0.0.1", port, List.of("127.0.0.1:" + port)),
        "transport-cluster-test"));
    try {
      assertTrue(setup.vertx().isClustered());
      assertEquals(LINUX_X86_64 ? "epoll" : "nio", ClusterSetup.transport(setup.vertx()));
    } finally {
      await(setup.vertx().close());
    }
  }

  /** Where the native library cannot load, the node still starts, on NIO, and its log says why. */
  @Test
  void withoutTheNativeLibraryANodeFallsBackToNioAndSaysWhy() throws Exception {
    int port = NodeProcess.freePort();
    try (NodeProcess node = NodeProcess.launch("nio", port, Map.of(
        "JAVA_TOOL_OPTIONS", "-Dio.netty.transport.noNative=true",
        "PULSE_DOCKER_HOSTS", "local=unix:///nonexistent/docker.sock", "PULSE_LOG_FORMAT", "text"))) {
      node.awaitHealthy(Duration.ofSeconds(60));
      String out = node.output();
      assertTrue(out.contains("sockets on the nio transport (native transport unavailable: "), out);
      assertFalse(out.contains("sockets on the epoll transport"), out);
      assertEquals(0, node.json("/api/status").getInteger("Sessions"));
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
