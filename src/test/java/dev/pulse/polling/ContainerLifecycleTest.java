package dev.pulse.polling;

import dev.pulse.testsupport.Points;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.PulseTestServer;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stop, start and remove a real container under a running Pulse. */
@Timeout(120)
class ContainerLifecycleTest {

  @Test
  void stopPausesStartResumesOnTheSameSequenceRemoveReleases() {
    try (TestDocker docker = TestDocker.require();
         PulseTestServer server = PulseTestServer.start(PulseTestServer.config(docker.url()))) {
      String id = docker.runBusy("life");
      String path = "/api/hosts/local/containers/" + id + "/metrics";
      // 404 until discovery has seen the new container
      Await.until("two points", Duration.ofSeconds(30),
          () -> server.get(path).status() == 200 && server.get(path).json().getLong("From") >= 2);
      assertEquals(1, server.status().getInteger("Pollers"));

      docker.stop(id);
      Await.until("IsRunning false", Duration.ofSeconds(20), () -> !server.get(path).json().getBoolean("IsRunning"));
      Await.until("the poller paused", Duration.ofSeconds(10), () -> server.status().getInteger("Pollers") == 0);
      // the poller is gone, so nothing can add points now; the seq check after the restart proves none came
      long stoppedAt = server.get(path).json().getLong("From");
      long pausedAtMs = System.currentTimeMillis();
      JsonObject stopped = server.get(path).json();
      assertEquals(stoppedAt, stopped.getLong("From"), "no new points while stopped");
      assertFalse(stopped.getBoolean("IsRunning"));
      assertEquals(stoppedAt, Points.of(stopped).size(), "history kept while stopped");

      long restartMs = System.currentTimeMillis();
      docker.start(id);
      Await.until("points again", Duration.ofSeconds(30),
          () -> server.get(path).json().getLong("From") >= stoppedAt + 2);
      JsonObject resumed = server.get(path + "?from=" + stoppedAt).json();
      assertTrue(resumed.getBoolean("IsRunning"));
      JsonArray fresh = Points.of(resumed);
      assertEquals(stoppedAt, fresh.getJsonObject(0).getLong("seq"), "the sequence continues where it stopped");
      long lastBefore = Points.of(server.get(path).json()).getJsonObject((int) stoppedAt - 1)
          .getLong("timestamp");
      assertTrue(lastBefore <= pausedAtMs && fresh.getJsonObject(0).getLong("timestamp") >= restartMs,
          "the stopped span is a gap in time, not filled in");
      assertEquals(1, server.status().getInteger("Pollers"));

      docker.remove(id);
      Await.until("the poller gone", Duration.ofSeconds(20), () -> server.status().getInteger("Pollers") == 0);
      Await.until("the container and its history gone", Duration.ofSeconds(10),
          () -> server.get(path).status() == 404);
    }
  }
}
