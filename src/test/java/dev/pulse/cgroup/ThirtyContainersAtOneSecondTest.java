package dev.pulse.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.Points;
import dev.pulse.testsupport.PulseTestServer;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 30 containers watched at 1 s for 30 s: at least 97 % of the samples asked for arrive, numbered without holes. */
@Timeout(300)
class ThirtyContainersAtOneSecondTest {

  private static final int CONTAINERS = 30;
  private static final long INTERVAL = 1000;
  private static final long WINDOW = 30_000;

  @Test
  void atLeast97PercentOfTheSamplesArrive() {
    try (TestDocker docker = TestDocker.require();
         PulseTestServer server = PulseTestServer.start(PulseTestServer.config(docker.url())
             .withPollIntervalMs(INTERVAL))) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < CONTAINERS; i++) ids.add(docker.runIdle("rate" + i));
      String collector = server.get("/api/hosts").json().getJsonArray("Hosts").getJsonObject(0).getString("Collector");
      assertEquals("cgroup", collector, "this test measures the collector auto picks here");
      // every poller running and past its first point
      Await.until("a point of every container", Duration.ofSeconds(60),
          () -> ids.stream().allMatch(id -> points(server, id).size() >= 1));
      long from = System.currentTimeMillis();
      long to = from + WINDOW;
      Await.until("every container past the window", Duration.ofMillis(WINDOW + 20_000),
          () -> ids.stream().allMatch(id -> {
            JsonArray p = points(server, id);
            return p.getJsonObject(p.size() - 1).getLong("timestamp") >= to;
          }));
      int arrived = 0;
      for (String id : ids) {
        long prevSeq = -1;
        for (Object o : points(server, id)) {
          JsonObject p = (JsonObject) o;
          long seq = p.getLong("seq");
          if (prevSeq >= 0) assertEquals(prevSeq + 1, seq, "seq numbers without holes");
          prevSeq = seq;
          long ts = p.getLong("timestamp");
          if (ts >= from && ts < to) arrived++;
        }
      }
      long expected = CONTAINERS * (WINDOW / INTERVAL);
      double share = 100.0 * arrived / expected;
      assertTrue(share >= 97.0, "collector " + collector + ": " + arrived + " of " + expected + " samples ("
          + share + " %) in " + WINDOW / 1000 + " s");
      System.out.printf("collector %s: %d of %d samples (%.1f %%) at %d ms with %d containers%n", collector, arrived,
          expected, share, INTERVAL, CONTAINERS);
    }
  }

  private static JsonArray points(PulseTestServer server, String id) {
    PulseTestServer.Reply r = server.get("/api/hosts/local/containers/" + id + "/metrics");
    return r.status() == 200 ? Points.of(r.json()) : new JsonArray();
  }
}
