package dev.pulse.http;

import dev.pulse.metrics.Sample;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * A History (README "History") as CSV: a header row, then one row per MetricPoint in {@code seq} order, with the
 * time as ISO-8601 UTC beside the epoch milliseconds, for spreadsheets and scripts that do not speak JSON.
 */
final class CsvHistory {

  /** The columns after {@code seq,timestamp,time}, named as the MetricPoint fields. */
  static final List<String> FIELDS = List.of(Sample.CPU, Sample.MEM, Sample.MEM_USAGE, Sample.MEM_LIMIT,
      Sample.NET_RX, Sample.NET_TX, Sample.BLK_READ, Sample.BLK_WRITE, Sample.PIDS);

  static final String CONTENT_TYPE = "text/csv; charset=utf-8";

  private CsvHistory() {}

  static String of(JsonObject metrics) {
    JsonArray seqs = metrics.getJsonArray(Sample.SEQ);
    JsonArray times = metrics.getJsonArray(Sample.TIMESTAMP);
    StringBuilder out = new StringBuilder(64 + seqs.size() * 96);
    out.append(Sample.SEQ).append(',').append(Sample.TIMESTAMP).append(",time");
    for (String f : FIELDS) out.append(',').append(f);
    out.append("\r\n");
    for (int i = 0; i < seqs.size(); i++) {
      long ts = times.getLong(i);
      out.append(seqs.getLong(i)).append(',').append(ts).append(',').append(Instant.ofEpochMilli(ts));
      for (String f : FIELDS) out.append(',').append(metrics.getJsonArray(f).getValue(i));
      out.append("\r\n");
    }
    return out.toString();
  }
}
