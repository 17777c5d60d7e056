package dev.pulse.testsupport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A history's columns (README "History") back as MetricPoint rows, so tests can read point by point; checks on the
 * way that the columns are what the contract says: every MetricPoint field, all of the same length.
 */
public final class Points {

  private static final Set<String> FIELDS = Set.of("seq", "timestamp", "cpu", "mem", "memUsage", "memLimit", "netRx",
      "netTx", "blkRead", "blkWrite", "pids");

  private Points() {}

  /** The points of a {@code container.metrics} reply body. */
  public static JsonArray of(JsonObject reply) {
    return rows(reply.getJsonObject("Metrics"));
  }

  public static JsonArray rows(JsonObject columns) {
    if (!columns.fieldNames().equals(FIELDS)) {
      throw new AssertionError("history columns " + columns.fieldNames() + ", expected " + FIELDS);
    }
    int n = columns.getJsonArray("seq").size();
    JsonArray out = new JsonArray();
    for (int i = 0; i < n; i++) out.add(new JsonObject());
    for (String f : FIELDS) {
      JsonArray col = columns.getJsonArray(f);
      if (col.size() != n) throw new AssertionError("column " + f + " has " + col.size() + " values, seq has " + n);
      for (int i = 0; i < n; i++) out.getJsonObject(i).put(f, col.getValue(i));
    }
    return out;
  }
}
