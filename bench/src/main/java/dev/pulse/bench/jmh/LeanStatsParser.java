package dev.pulse.bench.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pulse.docker.StatsSnapshot;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A prototype for the proposal in BENCHMARKS.md (not used by Pulse): reads a stats payload with Jackson's streaming
 * parser straight into a {@link StatsSnapshot}, skipping {@code precpu_stats} and everything Pulse does not use, with
 * no tree, no docker-java model objects and no DateTimeFormatter. Same sums as {@code StatsSnapshot.of} (the docker
 * CLI's); {@link StatsParseBench} checks that both give equal snapshots.
 */
public final class LeanStatsParser {

  private static final JsonFactory JSON = new JsonFactory();

  private LeanStatsParser() {}

  public static StatsSnapshot parse(byte[] body) throws IOException {
    long readNanos = 0, cpuTotal = 0, system = 0, usage = 0, limit = 0, rx = 0, tx = 0, read = 0, write = 0, pids = 0;
    int online = 0, percpu = 0;
    Long inactiveV1 = null, inactiveV2 = null;
    boolean memStats = false;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a stats object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken t = p.nextToken();
        switch (f) {
          case "read" -> readNanos = nanos(p.getText());
          case "pids_stats" -> {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String g = p.currentName();
              p.nextToken();
              if (g.equals("current")) pids = p.getValueAsLong();
              else p.skipChildren();
            }
          }
          case "cpu_stats" -> {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String g = p.currentName();
              JsonToken u = p.nextToken();
              switch (g) {
                case "cpu_usage" -> {
                  while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String h = p.currentName();
                    JsonToken v = p.nextToken();
                    if (h.equals("total_usage")) cpuTotal = p.getValueAsLong();
                    else if (h.equals("percpu_usage") && v == JsonToken.START_ARRAY) {
                      while (p.nextToken() != JsonToken.END_ARRAY) percpu++;
                    } else p.skipChildren();
                  }
                }
                case "system_cpu_usage" -> system = p.getValueAsLong();
                case "online_cpus" -> online = p.getValueAsInt();
                default -> p.skipChildren();
              }
              if (u == null) break;
            }
          }
          case "memory_stats" -> {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String g = p.currentName();
              p.nextToken();
              switch (g) {
                case "usage" -> usage = p.getValueAsLong();
                case "limit" -> limit = p.getValueAsLong();
                case "stats" -> {
                  memStats = true;
                  while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String h = p.currentName();
                    p.nextToken();
                    if (h.equals("total_inactive_file")) inactiveV1 = p.getValueAsLong();
                    else if (h.equals("inactive_file")) inactiveV2 = p.getValueAsLong();
                    else p.skipChildren();
                  }
                }
                default -> p.skipChildren();
              }
            }
          }
          case "networks" -> {
            if (t != JsonToken.START_OBJECT) break;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              p.nextToken(); // one interface
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String h = p.currentName();
                p.nextToken();
                if (h.equals("rx_bytes")) rx += p.getValueAsLong();
                else if (h.equals("tx_bytes")) tx += p.getValueAsLong();
                else p.skipChildren();
              }
            }
          }
          case "blkio_stats" -> {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String g = p.currentName();
              JsonToken u = p.nextToken();
              if (g.equals("io_service_bytes_recursive") && u == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                  String op = null;
                  long value = 0;
                  while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String h = p.currentName();
                    p.nextToken();
                    if (h.equals("op")) op = p.getText();
                    else if (h.equals("value")) value = p.getValueAsLong();
                    else p.skipChildren();
                  }
                  if (op != null && !op.isEmpty()) {
                    char c = op.charAt(0);
                    if (c == 'r' || c == 'R') read += value;
                    else if (c == 'w' || c == 'W') write += value;
                  }
                }
              } else {
                p.skipChildren();
              }
            }
          }
          default -> p.skipChildren();
        }
      }
    }
    if (online == 0) online = percpu;
    long used = usage; // StatsSnapshot.memUsedNoCache
    if (memStats) {
      if (inactiveV1 != null && inactiveV1 < usage) used = usage - inactiveV1;
      else if ((inactiveV2 == null ? 0 : inactiveV2) < usage) used = usage - (inactiveV2 == null ? 0 : inactiveV2);
    }
    return new StatsSnapshot(readNanos, cpuTotal, system, online, used, limit, rx, tx, read, write, pids);
  }

  /** RFC 3339 with 'Z' as the engine writes it ({@code 2026-11-27T20:15:22.792127785Z}), without a formatter. */
  static long nanos(String s) {
    if (s == null || s.length() < 20 || s.startsWith("0001-01-01")) return 0;
    if (s.charAt(s.length() - 1) != 'Z' || s.charAt(10) != 'T') {
      Instant i = Instant.parse(s);
      return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
    long day = LocalDate.of(num(s, 0, 4), num(s, 5, 7), num(s, 8, 10)).toEpochDay();
    long secs = day * 86_400 + num(s, 11, 13) * 3600L + num(s, 14, 16) * 60L + num(s, 17, 19);
    long frac = 0;
    int digits = 0;
    for (int i = 20; i < s.length() - 1 && digits < 9; i++, digits++) frac = frac * 10 + (s.charAt(i) - '0');
    while (digits++ < 9) frac *= 10;
    return secs * 1_000_000_000L + frac;
  }

  private static int num(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) v = v * 10 + (s.charAt(i) - '0');
    return v;
  }
}
