package dev.pulse.docker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads a stats response body of the Docker Engine API into a {@link StatsSnapshot} with Jackson's streaming parser:
 * only the fields Pulse uses, skipping {@code precpu_stats} and the rest, with no tree, no model objects and no date
 * formatter (a sample is parsed for every container every interval; this is ~3 × faster than walking a tree and
 * allocates a tenth, BENCHMARKS.md §4). Indifferent to fields that do not fit docker-java's model, such as cgroup v2's
 * 2^64-1 pids limit. A key that is absent or null counts as absent. The sums follow the docker CLI; see StatsSnapshot.
 */
public final class StatsParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatsParser() {}

  public static StatsSnapshot parse(byte[] body) throws IOException {
    try (JsonParser p = JSON.getFactory().createParser(body)) {
      return read(p);
    }
  }

  public static StatsSnapshot parse(String body) throws IOException {
    try (JsonParser p = JSON.getFactory().createParser(body)) {
      return read(p);
    }
  }

  /** The payload with {@code precpu_stats} as its CPU sample: the daemon's previous sample, for formula checks. */
  public static StatsSnapshot parsePrevious(String body) throws IOException {
    JsonNode tree = JSON.readTree(body);
    ((ObjectNode) tree).set("cpu_stats", tree.path("precpu_stats"));
    if (tree.hasNonNull("preread")) ((ObjectNode) tree).set("read", tree.get("preread"));
    return parse(tree);
  }

  static StatsSnapshot parse(JsonNode tree) {
    try (JsonParser p = tree.traverse(JSON)) {
      return read(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Accumulates the counters while the parser walks the payload once. */
  private static final class Counters {
    long readNanos;
    long cpuTotal;
    long systemCpu;
    int onlineCpus;
    int perCpu;
    long usage;
    long limit;
    Long inactiveV1;
    Long inactiveV2;
    long rx;
    long tx;
    long read;
    long write;
    long pids;
  }

  private static StatsSnapshot read(JsonParser p) throws IOException {
    p.nextToken();
    if (!p.isExpectedStartObjectToken()) throw new IOException("a stats payload is a JSON object");
    Counters c = new Counters();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "read" -> c.readNanos = p.currentToken() == JsonToken.VALUE_STRING ? nanos(p.getText()) : 0;
        case "cpu_stats" -> cpu(p, c);
        case "memory_stats" -> memory(p, c);
        case "networks" -> networks(p, c);
        case "blkio_stats" -> blkio(p, c);
        case "pids_stats" -> {
          if (!isObject(p)) break;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (f.equals("current")) c.pids = number(p);
            else p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    int online = c.onlineCpus != 0 ? c.onlineCpus : c.perCpu;
    return new StatsSnapshot(c.readNanos, c.cpuTotal, c.systemCpu, online,
        StatsSnapshot.memUsedNoCache(c.usage, c.inactiveV1, c.inactiveV2), c.limit, c.rx, c.tx, c.read, c.write,
        c.pids);
  }

  private static void cpu(JsonParser p, Counters c) throws IOException {
    if (!isObject(p)) return;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "cpu_usage" -> {
          if (!isObject(p)) break;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String g = p.currentName();
            p.nextToken();
            if (g.equals("total_usage")) {
              c.cpuTotal = number(p);
            } else if (g.equals("percpu_usage") && p.currentToken() == JsonToken.START_ARRAY) {
              while (p.nextToken() != JsonToken.END_ARRAY) c.perCpu++;
            } else {
              p.skipChildren();
            }
          }
        }
        case "system_cpu_usage" -> c.systemCpu = number(p);
        case "online_cpus" -> c.onlineCpus = (int) number(p);
        default -> p.skipChildren();
      }
    }
  }

  private static void memory(JsonParser p, Counters c) throws IOException {
    if (!isObject(p)) return;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "usage" -> c.usage = number(p);
        case "limit" -> c.limit = number(p);
        case "stats" -> {
          if (!isObject(p)) break;
          // the CLI tells cgroup v1 from v2 by which key is present
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String g = p.currentName();
            p.nextToken();
            boolean present = p.currentToken().isNumeric();
            if (g.equals("total_inactive_file") && present) c.inactiveV1 = number(p);
            else if (g.equals("inactive_file") && present) c.inactiveV2 = number(p);
            else p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private static void networks(JsonParser p, Counters c) throws IOException {
    if (!isObject(p)) return;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      p.nextToken();
      if (!isObject(p)) continue;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        p.nextToken();
        if (f.equals("rx_bytes")) c.rx += number(p);
        else if (f.equals("tx_bytes")) c.tx += number(p);
        else p.skipChildren();
      }
    }
  }

  private static void blkio(JsonParser p, Counters c) throws IOException {
    if (!isObject(p)) return;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      if (!f.equals("io_service_bytes_recursive") || p.currentToken() != JsonToken.START_ARRAY) {
        p.skipChildren();
        continue;
      }
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (!isObject(p)) continue;
        String op = "";
        long value = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String g = p.currentName();
          p.nextToken();
          if (g.equals("op") && p.currentToken() == JsonToken.VALUE_STRING) op = p.getText();
          else if (g.equals("value")) value = number(p);
          else p.skipChildren();
        }
        if (op.isEmpty()) continue;
        switch (op.charAt(0)) {
          case 'r', 'R' -> c.read += value;
          case 'w', 'W' -> c.write += value;
          default -> { }
        }
      }
    }
  }

  /** At an object's start; anything else (null, a scalar, an array) is skipped and reads as absent. */
  private static boolean isObject(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.START_OBJECT) return true;
    p.skipChildren();
    return false;
  }

  /** A counter: 0 when null or not a number; a value past 2^63 keeps its low bits, as the tree's asLong did. */
  private static long number(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue().longValue()
          : p.getLongValue();
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) return (long) p.getDoubleValue();
    p.skipChildren();
    return 0;
  }

  /** RFC 3339 as the engine writes it ({@code 2026-11-27T20:15:22.792127785Z}), without a formatter; 0 if unset. */
  static long nanos(String s) {
    if (s == null || s.isEmpty() || s.startsWith("0001-01-01")) return 0;
    try {
      if (s.length() < 20 || s.charAt(10) != 'T' || s.charAt(s.length() - 1) != 'Z' || s.charAt(19) != '.'
          && s.length() != 20) {
        Instant i = Instant.parse(s);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
      }
      long day = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10)).toEpochDay();
      long secs = day * 86_400 + digits(s, 11, 13) * 3600L + digits(s, 14, 16) * 60L + digits(s, 17, 19);
      long frac = 0;
      int n = 0;
      for (int i = 20; i < s.length() - 1 && n < 9; i++, n++) frac = frac * 10 + digit(s, i);
      while (n++ < 9) frac *= 10;
      return secs * 1_000_000_000L + frac;
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) v = v * 10 + digit(s, i);
    return v;
  }

  private static int digit(String s, int i) {
    char ch = s.charAt(i);
    if (ch < '0' || ch > '9') throw new IllegalArgumentException("not a digit in " + s);
    return ch - '0';
  }
}
