package dev.pulse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.metrics.RingBuffer;
import dev.pulse.metrics.Sample;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.PulseTestServer;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET .../metrics?format=csv}: the same points as the JSON History, one row each. */
@Timeout(120)
class CsvExportTest {

  @Test
  void aHistoryAsCsvRows() {
    RingBuffer buffer = new RingBuffer(10);
    buffer.append(new Sample(1764270000000L, 99.853, 630784, 25276510208L, 0, 1.25, 0, 512, 1));
    buffer.append(new Sample(1764270003000L, 12.5, 700000, 25276510208L, 10, 0, 4096, 0, 3));
    assertEquals("seq,timestamp,time,cpu,mem,memUsage,memLimit,netRx,netTx,blkRead,blkWrite,pids\r\n"
        + "0,1764270000000,2025-11-27T19:00:00Z,99.853,0.002,630784,25276510208,0.0,1.3,0.0,512.0,1\r\n"
        + "1,1764270003000,2025-11-27T19:00:03Z,12.5,0.003,700000,25276510208,10.0,0.0,4096.0,0.0,3\r\n",
        CsvHistory.of(buffer.read(0)));
    assertEquals("seq,timestamp,time,cpu,mem,memUsage,memLimit,netRx,netTx,blkRead,blkWrite,pids\r\n",
        CsvHistory.of(RingBuffer.empty()), "no points, the header alone");
  }

  @Test
  void aRealContainersHistoryAsCsv() {
    try (TestDocker docker = TestDocker.require();
        PulseTestServer server = PulseTestServer.start(PulseTestServer.config(docker.url()))) {
      String id = docker.runBusy("csv");
      String path = "/api/hosts/local/containers/" + docker.uniqueName("csv") + "/metrics";
      Await.until("three points", Duration.ofSeconds(30), () -> server.get(path).json().getLong("From") >= 3);

      PulseTestServer.Reply csv = server.get(path + "?from=1&format=csv");
      assertEquals(200, csv.status(), csv.body());
      assertEquals("text/csv; charset=utf-8", csv.contentType());
      String[] rows = csv.body().split("\r\n");
      assertEquals("seq,timestamp,time,cpu,mem,memUsage,memLimit,netRx,netTx,blkRead,blkWrite,pids", rows[0]);
      assertTrue(rows.length >= 3, csv.body());
      JsonObject json = server.get(path + "?from=1").json().getJsonObject("Metrics");
      for (int i = 1; i < rows.length; i++) {
        String[] cells = rows[i].split(",");
        assertEquals(12, cells.length, rows[i]);
        assertEquals(json.getJsonArray("seq").getLong(i - 1), Long.parseLong(cells[0]), "seq from 1, in order");
        long ts = Long.parseLong(cells[1]);
        assertEquals(json.getJsonArray("timestamp").getLong(i - 1), ts);
        assertEquals(Instant.ofEpochMilli(ts), Instant.parse(cells[2]), "ISO-8601 UTC time");
        assertTrue(cells[2].endsWith("Z"), cells[2]);
        assertEquals(json.getJsonArray("cpu").getDouble(i - 1), Double.parseDouble(cells[3]));
        assertEquals(json.getJsonArray("pids").getLong(i - 1), Long.parseLong(cells[11]));
      }
      assertTrue(server.get(path + "?format=csv").body().contains("\r\n0,"), "from defaults to 0");
      PulseTestServer.Reply byId = server.get("/api/hosts/local/containers/" + id + "/metrics?format=csv");
      assertEquals(200, byId.status());

      PulseTestServer.Reply bad = server.get(path + "?format=xml");
      assertEquals(400, bad.status());
      assertEquals("format must be json or csv", bad.json().getString("Error"));
      assertEquals(400, server.get(path + "?format=csv&format=json").status());
      assertEquals(404, server.get("/api/hosts/local/containers/no-such-container/metrics?format=csv").status());
      assertTrue(server.get("/api/hosts/local/containers/no-such-container/metrics?format=csv").json()
          .containsKey("Error"), "errors stay JSON");
    }
  }
}
