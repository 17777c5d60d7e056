package dev.pulse.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.BridgeClient;
import dev.pulse.testsupport.NodeProcess;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bridge sockets that reset in the middle of a {@code host.summary} of 30 running containers (the list's backfill:
 * one lease a container, asked one after the other by the command verticle on the session's behalf), in a Pulse JVM
 * started as an operator starts it: afterwards no session and no poller is left (every lease given back, the pollers
 * stopped after their linger) and the log holds no stack trace.
 */
@Timeout(240)
class HostSummaryResetTest {

  private static final int CONTAINERS = 30;
  private static final int SOCKETS = 120;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void socketsResetDuringAHostSummaryLeaveNoLeaseAndNoStackTrace() throws Exception {
    try (TestDocker docker = TestDocker.require()) {
      JsonArray ids = new JsonArray();
      for (int i = 0; i < CONTAINERS; i++) ids.add(docker.runIdle("summary-reset-" + i));
      int port = NodeProcess.freePort();
      try (NodeProcess node = NodeProcess.launch("summary-reset", port, Map.of("PULSE_DOCKER_HOSTS",
          "local=" + docker.url(), "PULSE_POLL_INTERVAL_MS", "1000", "PULSE_LINGER_MS", "300",
          "PULSE_LOG_FORMAT", "text"))) {
        node.awaitHealthy(WAIT);
        Await.until("discovery lists the 30 containers", WAIT, () -> {
          String listed = node.get("/api/containers").body();
          return ids.stream().allMatch(id -> listed.contains((String) id));
        });
        // only this test's containers (others' may run on the engine), as the page asks for containers that started
        JsonObject summary = new JsonObject().put("Action", "host.summary")
            .put("Args", new JsonObject().put("Host", "local").put("Ids", ids));
        HttpClient http = HttpClient.newHttpClient();

        // one socket that waits for the answer: the command does take the 30 leases
        try (BridgeClient page = BridgeClient.connect(port)) {
          JsonObject answer = page.command("host.summary", summary.getJsonObject("Args"));
          assertEquals("rec", answer.getString("type"), answer.encode());
          assertEquals("local", answer.getJsonObject("body").getString("Host"), answer.encode());
          Await.until("the socket watches the 30", WAIT,
              () -> node.json("/api/status").getInteger("Pollers") == CONTAINERS);
        }

        // then many that reset while theirs is in flight: at once, or some ms later while leases are being taken
        Semaphore inFlight = new Semaphore(20);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int n = 0; n < SOCKETS; n++) {
          int delay = n % 12;
          inFlight.acquire();
          all.add(open(http, port, new WebSocket.Listener() { })
              .thenCompose(ws -> send(ws, new JsonObject().put("type", "register").put("address", "pulse.summary.local")
                  .put("headers", new JsonObject())).thenCompose(w -> send(w, summary)))
              .thenAcceptAsync(WebSocket::abort, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
              .whenComplete((v, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

        Await.until("every session gone", WAIT, () -> node.json("/api/status").getInteger("Sessions") == 0);
        Await.until("every lease released and every poller stopped after the linger", WAIT,
            () -> node.json("/api/status").getInteger("Pollers") == 0);
        assertEquals(0, node.json("/api/status").getInteger("Pollers"));
        // a last ordinary request answered: every reset socket's end has been handled (and logged, if at all)
        String log = node.output();
        assertFalse(log.contains("\tat "), "no stack trace:\n" + log);
        assertFalse(log.contains("Exception"), "no exception:\n" + log);
      }
    }
  }

  private static CompletableFuture<WebSocket> open(HttpClient http, int port, WebSocket.Listener listener) {
    return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket"),
        listener);
  }

  /** A bridge frame; a {@code host.summary} command gets a reply address of its own. */
  private static CompletableFuture<WebSocket> send(WebSocket ws, JsonObject frameOrCommand) {
    JsonObject frame = frameOrCommand.containsKey("type") ? frameOrCommand : new JsonObject().put("type", "send")
        .put("address", "pulse.command").put("replyAddress", UUID.randomUUID().toString())
        .put("headers", new JsonObject()).put("body", frameOrCommand);
    return ws.sendText(frame.encode(), true);
  }
}
