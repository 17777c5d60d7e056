package dev.pulse.metrics;

import dev.pulse.docker.StatsFormulas;
import dev.pulse.docker.StatsSnapshot;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

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

  /** Linux's highest possible pid_max: a container cannot hold more processes. */
  static final long MAX_PIDS = 4_194_304;
  static final int MAX_CPUS = 65_536;

  /**
   * From two consecutive snapshots of the poller. Rates use the engine's own read times; {@code fallbackNanos} (the
   * poller's clock) only when the engine gave none. Empty when either snapshot, or what follows from them, holds a
   * value no container can have (negative, NaN, infinite, absurd): that is a missed sample, never a point. Every
   * collector's snapshots pass here, so the check holds for all of them.
   */
  public static Optional<Sample> between(StatsSnapshot prev, StatsSnapshot cur, long timestampMs,
      long fallbackNanos) {
    if (!plausible(prev) || !plausible(cur)) return Optional.empty();
    long elapsed = prev.readNanos() > 0 && cur.readNanos() > prev.readNanos()
        ? cur.readNanos() - prev.readNanos() : fallbackNanos;
    Sample s = new Sample(timestampMs, StatsFormulas.cpuPercent(prev, cur), cur.memUsage(), cur.memLimit(),
        StatsFormulas.rate(prev.netRx(), cur.netRx(), elapsed),
        StatsFormulas.rate(prev.netTx(), cur.netTx(), elapsed),
        StatsFormulas.rate(prev.blkRead(), cur.blkRead(), elapsed),
        StatsFormulas.rate(prev.blkWrite(), cur.blkWrite(), elapsed),
        cur.pids());
    // CPU % cannot exceed every core busy (twice that leaves room for a skewed pair of readings)
    boolean sane = finite(s.cpu, 200.0 * Math.max(1, cur.onlineCpus())) && finite(s.netRx, Double.MAX_VALUE)
        && finite(s.netTx, Double.MAX_VALUE) && finite(s.blkRead, Double.MAX_VALUE)
        && finite(s.blkWrite, Double.MAX_VALUE);
    return sane ? Optional.of(s) : Optional.empty();
  }

  /** Whether a snapshot's counters can be real: none negative, processes and CPUs within what Linux allows. */
  public static boolean plausible(StatsSnapshot s) {
    return s.cpuTotal() >= 0 && s.systemCpu() >= 0 && s.onlineCpus() >= 0 && s.onlineCpus() <= MAX_CPUS
        && s.memUsage() >= 0 && s.memLimit() >= 0 && s.netRx() >= 0 && s.netTx() >= 0 && s.blkRead() >= 0
        && s.blkWrite() >= 0 && s.pids() >= 0 && s.pids() <= MAX_PIDS;
  }

  private static boolean finite(double v, double max) {
    return Double.isFinite(v) && v >= 0 && v <= max;
  }

  public double memPercent() {
    return memPercent(memUsage, memLimit);
  }

  /** The wire shape (README "MetricPoint"). */
  public JsonObject toPoint(long seq) {
    return new JsonObject()
        .put(SEQ, seq)
        .put(TIMESTAMP, timestamp)
        .put(CPU, percent(cpu))
        .put(MEM, percent(memPercent()))
        .put(MEM_USAGE, memUsage)
        .put(MEM_LIMIT, memLimit)
        .put(NET_RX, rate(netRx))
        .put(NET_TX, rate(netTx))
        .put(BLK_READ, rate(blkRead))
        .put(BLK_WRITE, rate(blkWrite))
        .put(PIDS, pids);
  }

  /** Percentages keep 3 decimals on the wire: more is noise. */
  static double percent(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Rates (bytes a second) keep 1 decimal on the wire. */
  static double rate(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static double memPercent(long usage, long limit) {
    return limit == 0 ? 0.0 : (double) usage / (double) limit * 100.0;
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
}
