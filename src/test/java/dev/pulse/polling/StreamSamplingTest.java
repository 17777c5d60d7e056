package dev.pulse.polling;

import dev.pulse.testsupport.Points;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.SamplingMode;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.PulseTestServer;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API collector's other sampling strategy (one stats stream per container) gives the same numbers on the real engine. */
@Timeout(90)
class StreamSamplingTest {

  @Test
  void streamModeReadsOneCoreAndKeepsTheInterval() {
    try (TestDocker docker = TestDocker.require();
         PulseTestServer server = PulseTestServer.start(PulseTestServer.apiConfig(docker.url())
             .withSampling(SamplingMode.STREAM).withPollIntervalMs(2000))) {
      String id = docker.runBusy("stream");
      String path = "/api/hosts/local/containers/" + id + "/metrics";
      Await.until("four points", Duration.ofSeconds(40),
          () -> server.get(path).status() == 200 && server.get(path).json().getLong("From") >= 4);
      JsonArray points = Points.of(server.get(path).json());
      JsonObject last = points.getJsonObject(points.size() - 1);
      assertTrue(last.getDouble("cpu") >= 80 && last.getDouble("cpu") <= 120, last.encode());
      for (int i = 1; i < points.size(); i++) {
        long gap = points.getJsonObject(i).getLong("timestamp") - points.getJsonObject(i - 1).getLong("timestamp");
        assertEquals(2000, gap, 150, "one point per interval, not one per engine sample");
      }
    }
  }
}
