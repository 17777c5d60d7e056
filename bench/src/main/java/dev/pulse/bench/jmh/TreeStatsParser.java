package dev.pulse.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.docker.StatsSnapshot;
import java.io.IOException;
import java.time.Instant;

/**
 * The baseline {@link StatsParseBench} compares Pulse's streaming {@code StatsParser} with: Pulse's parser until
 * the streaming rewrite of 2026-11-27, which read the payload into a Jackson tree and walked it for the same fields (same
 * sums, the docker CLI's). Not used by Pulse.
 */
public final class TreeStatsParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TreeStatsParser() {}

  public static StatsSnapshot parse(byte[] body) throws IOException {
    JsonNode s = JSON.readTree(body);
    JsonNode cpu = s.path("cpu_stats");
    int online = cpu.path("online_cpus").asInt(0);
    if (online == 0) online = cpu.path("cpu_usage").path("percpu_usage").size();
    JsonNode mem = s.path("memory_stats");
    long usage = mem.path("usage").asLong(0);
    JsonNode memStats = mem.path("stats");
    Long v1 = memStats.hasNonNull("total_inactive_file") ? memStats.get("total_inactive_file").asLong() : null;
    Long v2 = memStats.hasNonNull("inactive_file") ? memStats.get("inactive_file").asLong() : null;
    long used = usage;
    if (v1 != null && v1 < usage) used = usage - v1;
    else if ((v2 == null ? 0 : v2) < usage) used = usage - (v2 == null ? 0 : v2);
    long rx = 0;
    long tx = 0;
    for (JsonNode n : s.path("networks")) {
      rx += n.path("rx_bytes").asLong(0);
      tx += n.path("tx_bytes").asLong(0);
    }
    long read = 0;
    long write = 0;
    for (JsonNode e : s.path("blkio_stats").path("io_service_bytes_recursive")) {
      String op = e.path("op").asText("");
      if (op.isEmpty()) continue;
      switch (op.charAt(0)) {
        case 'r', 'R' -> read += e.path("value").asLong(0);
        case 'w', 'W' -> write += e.path("value").asLong(0);
        default -> { }
      }
    }
    String t = s.path("read").asText(null);
    long nanos = 0;
    if (t != null && !t.startsWith("0001-01-01")) {
      Instant i = Instant.parse(t);
      nanos = i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
    return new StatsSnapshot(nanos, cpu.path("cpu_usage").path("total_usage").asLong(0),
        cpu.path("system_cpu_usage").asLong(0), online, used, mem.path("limit").asLong(0), rx, tx, read, write,
        s.path("pids_stats").path("current").asLong(0));
  }
}
