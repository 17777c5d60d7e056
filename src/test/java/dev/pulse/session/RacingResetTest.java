package dev.pulse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.PulseTestServer;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sockets that ask for a lease and reset at once, while the lease request is in flight. Failed before the fix:
 * {@code Pollers} stayed at 1 with {@code Sessions} 0 (a lease acquired for a session that had already ended was
 * never released).
 */
@Timeout(180)
class RacingResetTest {

  private static final int SOCKETS = 800;

  @Test
  void leasesOfSocketsThatResetWhileAskingAreReleased() throws Exception {
    try (TestDocker docker = TestDocker.require();
        PulseTestServer server = PulseTestServer.start(PulseTestServer.config(docker.url())
            .withLingerMs(300).withIdleTimeoutMs(0))) {
      String id = docker.runBusy("race");
      Await.until("discovery lists the container", Duration.ofSeconds(30),
          () -> server.get("/api/containers").body().contains(id));
      String metrics = "pulse.metrics.local." + id;
      HttpClient http = HttpClient.newHttpClient();
      Semaphore inFlight = new Semaphore(25);
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int n = 0; n < SOCKETS; n++) {
        int i = n;
        // half register for the metrics address, half ask container.metrics: both take a lease
        JsonObject frame = i % 2 == 0
            ? new JsonObject().put("type", "register").put("address", metrics).put("headers", new JsonObject())
            : new JsonObject().put("type", "send").put("address", "pulse.command")
                .put("replyAddress", UUID.randomUUID().toString()).put("headers", new JsonObject())
                .put("body", new JsonObject().put("Action", "container.metrics")
                    .put("Args", new JsonObject().put("Host", "local").put("Id", id)));
        inFlight.acquire();
        all.add(http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port()
                + "/eventbus/websocket"), new WebSocket.Listener() { })
            .thenCompose(ws -> ws.sendText(frame.encode(), true))
            // reset at once or a few ms later: somewhere in there the lease request is in flight
            .thenAcceptAsync(WebSocket::abort, CompletableFuture.delayedExecutor(i % 4, TimeUnit.MILLISECONDS))
            .whenComplete((v, e) -> inFlight.release()));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

      Await.until("every session gone", Duration.ofSeconds(30),
          () -> server.status().getInteger("Sessions") == 0);
      Await.until("every lease released and the poller stopped after the linger", Duration.ofSeconds(30),
          () -> server.status().getInteger("Pollers") == 0);
      assertEquals(0, server.status().getInteger("Pollers"));
    }
  }
}
