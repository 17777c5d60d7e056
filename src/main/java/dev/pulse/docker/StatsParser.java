package dev.pulse.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Reads a stats response body of the Docker Engine API into a {@link StatsSnapshot}, walking the JSON tree for the
 * few fields Pulse uses instead of binding docker-java's whole model (cheaper per sample, and indifferent to fields
 * that do not fit it, such as cgroup v2's 2^64-1 pids limit). The sums follow the docker CLI; see StatsSnapshot.
 */
public final class StatsParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatsParser() {}

  public static StatsSnapshot parse(InputStream body) throws IOException {
    return parse(JSON.readTree(body));
  }

  public static StatsSnapshot parse(byte[] body) throws IOException {
    return parse(JSON.readTree(body));
  }

  public static StatsSnapshot parse(String body) throws IOException {
    return parse(JSON.readTree(body));
  }

  /** The payload with {@code precpu_stats} as its CPU sample: the daemon's previous sample, for formula checks. */
  public static StatsSnapshot parsePrevious(String body) throws IOException {
    JsonNode tree = JSON.readTree(body);
    ((ObjectNode) tree).set("cpu_stats", tree.path("precpu_stats"));
    if (tree.hasNonNull("preread")) ((ObjectNode) tree).set("read", tree.get("preread"));
    return parse(tree);
  }

  static JsonNode tree(Object model) {
    return JSON.valueToTree(model);
  }

  static StatsSnapshot parse(JsonNode s) {
    JsonNode cpu = s.path("cpu_stats");
    int online = cpu.path("online_cpus").asInt(0);
    if (online == 0) online = cpu.path("cpu_usage").path("percpu_usage").size();

    JsonNode mem = s.path("memory_stats");
    long usage = mem.path("usage").asLong(0);
    JsonNode memStats = mem.path("stats");
    // hasNonNull: docker-java's model writes absent keys as nulls, and the CLI tells v1 from v2 by presence
    Long v1 = memStats.hasNonNull("total_inactive_file") ? memStats.get("total_inactive_file").asLong() : null;
    Long v2 = memStats.hasNonNull("inactive_file") ? memStats.get("inactive_file").asLong() : null;

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
    return new StatsSnapshot(nanos(s.path("read").asText(null)), cpu.path("cpu_usage").path("total_usage").asLong(0),
        cpu.path("system_cpu_usage").asLong(0), online, StatsSnapshot.memUsedNoCache(usage, v1, v2),
        mem.path("limit").asLong(0), rx, tx, read, write, s.path("pids_stats").path("current").asLong(0));
  }

  static long nanos(String read) {
    if (read == null || read.isEmpty() || read.startsWith("0001-01-01")) return 0;
    try {
      Instant i = Instant.parse(read);
      return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
