package dev.pulse.metrics;

import dev.pulse.docker.StatsFormulas;
import dev.pulse.docker.StatsSnapshot;
import io.vertx.core.json.JsonObject;

/**
 * One computed measurement of one container, before the ring buffer numbers it. With a sequence number it becomes a
 * MetricPoint on the wire ({@link #toPoint(long)}).
 */
public record Sample(
    long timestamp,
    double cpu,
    long memUsage,
    long memLimit,
    double netRx,
    double netTx,
    double blkRead,
    double blkWrite,
    long pids) {

  public static final String SEQ = "seq";
  public static final String TIMESTAMP = "timestamp";
  public static final String CPU = "cpu";
  public static final String MEM = "mem";
  public static final String MEM_USAGE = "memUsage";
  public static final String MEM_LIMIT = "memLimit";
  public static final String NET_RX = "netRx";
  public static final String NET_TX = "netTx";
  public static final String BLK_READ = "blkRead";
  public static final String BLK_WRITE = "blkWrite";
  public static final String PIDS = "pids";

  /**
   * From two consecutive snapshots of the poller. Rates use the engine's own read times; {@code fallbackNanos} (the
   * poller's clock) only when the engine gave none.
   */
  public static Sample between(StatsSnapshot prev, StatsSnapshot cur, long timestampMs, long fallbackNanos) {
    long elapsed = prev.readNanos() > 0 && cur.readNanos() > prev.readNanos()
        ? cur.readNanos() - prev.readNanos() : fallbackNanos;
    return new Sample(timestampMs, StatsFormulas.cpuPercent(prev, cur), cur.memUsage(), cur.memLimit(),
        StatsFormulas.rate(prev.netRx(), cur.netRx(), elapsed),
        StatsFormulas.rate(prev.netTx(), cur.netTx(), elapsed),
        StatsFormulas.rate(prev.blkRead(), cur.blkRead(), elapsed),
        StatsFormulas.rate(prev.blkWrite(), cur.blkWrite(), elapsed),
        cur.pids());
  }

  public double memPercent() {
    return memLimit == 0 ? 0.0 : (double) memUsage / (double) memLimit * 100.0;
  }

  /** The wire shape (README "MetricPoint"). Percentages keep 3 decimals and rates 1: more is noise on the wire. */
  public JsonObject toPoint(long seq) {
    return new JsonObject()
        .put(SEQ, seq)
        .put(TIMESTAMP, timestamp)
        .put(CPU, round(cpu, 1000))
        .put(MEM, round(memPercent(), 1000))
        .put(MEM_USAGE, memUsage)
        .put(MEM_LIMIT, memLimit)
        .put(NET_RX, round(netRx, 10))
        .put(NET_TX, round(netTx, 10))
        .put(BLK_READ, round(blkRead, 10))
        .put(BLK_WRITE, round(blkWrite, 10))
        .put(PIDS, pids);
  }

  /** The internal shape poller → ring buffer: the wire shape without seq. */
  public JsonObject toJson() {
    return new JsonObject().put(TIMESTAMP, timestamp).put(CPU, cpu).put(MEM_USAGE, memUsage).put(MEM_LIMIT, memLimit)
        .put(NET_RX, netRx).put(NET_TX, netTx).put(BLK_READ, blkRead).put(BLK_WRITE, blkWrite).put(PIDS, pids);
  }

  public static Sample fromJson(JsonObject j) {
    return new Sample(j.getLong(TIMESTAMP), j.getDouble(CPU), j.getLong(MEM_USAGE), j.getLong(MEM_LIMIT),
        j.getDouble(NET_RX), j.getDouble(NET_TX), j.getDouble(BLK_READ), j.getDouble(BLK_WRITE), j.getLong(PIDS));
  }

  private static double round(double v, double scale) {
    return Math.round(v * scale) / scale;
  }
}
