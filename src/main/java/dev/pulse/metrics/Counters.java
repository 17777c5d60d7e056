package dev.pulse.metrics;

import dev.pulse.bus.Fields;
import dev.pulse.docker.StatsSnapshot;
import io.vertx.core.json.JsonObject;

/**
 * The newest cumulative values of one container, as Prometheus wants them (counters, not the rates of a
 * {@link Sample}): from the snapshot each sample ends on, which the pollers send in a {@link SampleBatch} on
 * {@link dev.pulse.bus.Addresses#COUNTERS}; kept only as the newest per container (never in the ring buffer's
 * history), and built into this JSON when a scrape asks.
 */
public final class Counters {

  public static final String TIME_MS = "timeMs";
  public static final String CPU_NANOS = "cpuNanos";
  public static final String MEM_USAGE = Sample.MEM_USAGE;
  public static final String MEM_LIMIT = Sample.MEM_LIMIT;
  public static final String NET_RX = "netRxBytes";
  public static final String NET_TX = "netTxBytes";
  public static final String BLK_READ = "blkReadBytes";
  public static final String BLK_WRITE = "blkWriteBytes";
  public static final String PIDS = Sample.PIDS;
  /** Poller ticks that produced no sample since the previous one (in flight, failed, backing off). */
  public static final String MISSED = "missed";

  private static final long PLAUSIBLE_MS = 60_000;

  private Counters() {}

  /**
   * @param timestampMs the sample's time; the engine's own read time is used when it gave one, so rates computed
   *     from these counters do not carry the request's latency (when it is within a minute of the poller's clock)
   */
  public static JsonObject of(String host, String id, StatsSnapshot s, long timestampMs, long missed) {
    long read = s.readNanos() / 1_000_000;
    // a collector whose read time is not wall-clock time (or none) gets the poller's
    long time = Math.abs(read - timestampMs) < PLAUSIBLE_MS ? read : timestampMs;
    return new JsonObject().put(Fields.HOST, host).put(Fields.ID, id).put(TIME_MS, time)
        .put(CPU_NANOS, s.cpuTotal()).put(MEM_USAGE, s.memUsage()).put(MEM_LIMIT, s.memLimit())
        .put(NET_RX, s.netRx()).put(NET_TX, s.netTx()).put(BLK_READ, s.blkRead()).put(BLK_WRITE, s.blkWrite())
        .put(PIDS, s.pids()).put(MISSED, missed);
  }
}
