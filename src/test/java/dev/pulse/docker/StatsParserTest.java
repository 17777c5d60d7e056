package dev.pulse.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The streaming stats parser: every way in reads the same, nulls read as absent, engine timestamps exactly. */
class StatsParserTest {

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = StatsParserTest.class.getResourceAsStream("/stats/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void bytesTextAndTreeGiveTheSameSnapshot() throws IOException {
    for (String name : new String[] {"v1-busy.json", "v1-io.json", "v2-web.json"}) {
      byte[] body = fixture(name);
      StatsSnapshot fromBytes = StatsParser.parse(body);
      assertEquals(fromBytes, StatsParser.parse(new String(body, StandardCharsets.UTF_8)), name);
      assertEquals(fromBytes, StatsParser.parse(new ObjectMapper().readTree(body)), name);
    }
  }

  @Test
  void nullsAndOddShapesReadAsAbsent() throws IOException {
    // what docker-java's model writes for keys the engine did not send, and a few shapes no engine sends
    String body = """
        {"read": null, "pids_stats": {}, "networks": null,
         "cpu_stats": {"cpu_usage": {"total_usage": 500, "percpu_usage": null}, "system_cpu_usage": null,
                       "online_cpus": null},
         "memory_stats": {"usage": 1000, "limit": 4000, "stats": {"total_inactive_file": null, "inactive_file": 100}},
         "blkio_stats": {"io_service_bytes_recursive": [null, {"op": null, "value": 5}, {"op": "Read", "value": 7},
                                                        {"op": "write", "value": 9}]},
         "precpu_stats": {"cpu_usage": {"total_usage": 999999}}}""";
    StatsSnapshot s = StatsParser.parse(body);
    assertEquals(new StatsSnapshot(0, 500, 0, 0, 900, 4000, 0, 0, 7, 9, 0), s,
        "v2's inactive_file counts once v1's key is null; precpu_stats is not the sample");
  }

  @Test
  void notAnObjectIsAnError() {
    assertThrows(IOException.class, () -> StatsParser.parse("[1, 2]"));
    assertThrows(IOException.class, () -> StatsParser.parse("{\"read\": "));
  }

  @Test
  void engineTimestampsReadToTheNanosecond() {
    for (String t : new String[] {"2026-11-27T20:15:22.792127785Z", "2026-11-27T20:15:22Z", "2026-11-27T20:15:22.5Z",
        "1970-01-01T00:00:00.000000001Z", "2024-02-29T23:59:59.999999999Z"}) {
      Instant i = Instant.parse(t);
      assertEquals(i.getEpochSecond() * 1_000_000_000L + i.getNano(), StatsParser.nanos(t), t);
    }
    Instant offset = Instant.parse("2026-11-27T19:15:22.500Z");
    assertEquals(offset.getEpochSecond() * 1_000_000_000L + offset.getNano(),
        StatsParser.nanos("2026-11-27T20:15:22.5+01:00"));
    assertEquals(0, StatsParser.nanos("0001-01-01T00:00:00Z"), "the engine's zero time");
    assertEquals(0, StatsParser.nanos("2026-11-27T20:1x:22.5Z"));
    assertEquals(0, StatsParser.nanos("yesterday"));
    assertEquals(0, StatsParser.nanos(null));
  }
}
