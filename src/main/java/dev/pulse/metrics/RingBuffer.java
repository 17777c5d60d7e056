package dev.pulse.metrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;

/**
 * Bounded history of one container: the newest {@code capacity} samples, numbered from 0 without gaps. Stored as
 * parallel primitive arrays (48 bytes a point, no object per point) that grow by doubling up to the capacity, so a
 * container looked at once costs little. Not thread-safe: its owner is one verticle's event loop.
 */
public final class RingBuffer {

  private static final int INITIAL = 64;

  private final int capacity;
  private long nextSeq;
  private long[] timestamp;
  private float[] cpu;
  private long[] memUsage;
  private long[] memLimit;
  private float[] netRx;
  private float[] netTx;
  private float[] blkRead;
  private float[] blkWrite;
  private int[] pids;

  public RingBuffer(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
    this.capacity = capacity;
    allocate(Math.min(capacity, INITIAL));
  }

  public int capacity() {
    return capacity;
  }

  /** The sequence number the next appended sample gets; also the {@code From} a caught-up reader asks for. */
  public long nextSeq() {
    return nextSeq;
  }

  /** The oldest retained sequence number (equal to {@link #nextSeq()} when empty). */
  public long firstSeq() {
    return Math.max(0, nextSeq - capacity);
  }

  public int size() {
    return (int) (nextSeq - firstSeq());
  }

  /** Appends, overwriting the oldest sample when full; returns the sequence number given. */
  public long append(Sample s) {
    if (nextSeq >= timestamp.length && timestamp.length < capacity) {
      grow();
    }
    int i = index(nextSeq);
    timestamp[i] = s.timestamp();
    cpu[i] = (float) s.cpu();
    memUsage[i] = s.memUsage();
    memLimit[i] = s.memLimit();
    netRx[i] = (float) s.netRx();
    netTx[i] = (float) s.netTx();
    blkRead[i] = (float) s.blkRead();
    blkWrite[i] = (float) s.blkWrite();
    pids[i] = (int) Math.min(Integer.MAX_VALUE, s.pids());
    return nextSeq++;
  }

  /** The sample numbered {@code seq}; it must be retained. */
  public Sample get(long seq) {
    if (seq < firstSeq() || seq >= nextSeq) throw new IndexOutOfBoundsException("seq " + seq + " not retained");
    int i = index(seq);
    return new Sample(timestamp[i], cpu[i], memUsage[i], memLimit[i], netRx[i], netTx[i], blkRead[i], blkWrite[i],
        pids[i]);
  }

  /**
   * Where a read asking for {@code seq >= from} starts: {@code from} itself, the oldest retained point for a reader
   * further behind than the capacity, or the oldest retained point too for a reader ahead of {@link #nextSeq()}
   * (its history belongs to an earlier life of this buffer; it gets all there is and a smaller {@code From}).
   */
  public long readStart(long from) {
    if (from > nextSeq) return firstSeq();
    return Math.max(from, firstSeq());
  }

  /**
   * The MetricPoints with {@code seq >= readStart(from)}, in columns: one array per MetricPoint field, in seq order
   * (README "History"). Read straight from the arrays: field names once instead of once a point, no object a point;
   * values as {@link Sample#toPoint} rounds them, so a history and the live points agree.
   */
  public JsonObject read(long from) {
    long start = readStart(from);
    int n = (int) (nextSeq - start);
    JsonArray seqs = new JsonArray(new ArrayList<>(n));
    JsonArray times = new JsonArray(new ArrayList<>(n));
    JsonArray cpus = new JsonArray(new ArrayList<>(n));
    JsonArray mems = new JsonArray(new ArrayList<>(n));
    JsonArray usages = new JsonArray(new ArrayList<>(n));
    JsonArray limits = new JsonArray(new ArrayList<>(n));
    JsonArray rxs = new JsonArray(new ArrayList<>(n));
    JsonArray txs = new JsonArray(new ArrayList<>(n));
    JsonArray reads = new JsonArray(new ArrayList<>(n));
    JsonArray writes = new JsonArray(new ArrayList<>(n));
    JsonArray pidCounts = new JsonArray(new ArrayList<>(n));
    for (long seq = start; seq < nextSeq; seq++) {
      int i = index(seq);
      seqs.add(seq);
      times.add(timestamp[i]);
      cpus.add(Sample.percent(cpu[i]));
      mems.add(Sample.percent(Sample.memPercent(memUsage[i], memLimit[i])));
      usages.add(memUsage[i]);
      limits.add(memLimit[i]);
      rxs.add(Sample.rate(netRx[i]));
      txs.add(Sample.rate(netTx[i]));
      reads.add(Sample.rate(blkRead[i]));
      writes.add(Sample.rate(blkWrite[i]));
      pidCounts.add((long) pids[i]);
    }
    return new JsonObject().put(Sample.SEQ, seqs).put(Sample.TIMESTAMP, times).put(Sample.CPU, cpus)
        .put(Sample.MEM, mems).put(Sample.MEM_USAGE, usages).put(Sample.MEM_LIMIT, limits).put(Sample.NET_RX, rxs)
        .put(Sample.NET_TX, txs).put(Sample.BLK_READ, reads).put(Sample.BLK_WRITE, writes).put(Sample.PIDS, pidCounts);
  }

  /** An empty history in the shape of {@link #read}. */
  public static JsonObject empty() {
    return new RingBuffer(1).read(0);
  }

  private int index(long seq) {
    return (int) (seq % timestamp.length);
  }

  private void allocate(int n) {
    timestamp = new long[n];
    cpu = new float[n];
    memUsage = new long[n];
    memLimit = new long[n];
    netRx = new float[n];
    netTx = new float[n];
    blkRead = new float[n];
    blkWrite = new float[n];
    pids = new int[n];
  }

  /** Only called while nothing has wrapped yet (nextSeq == length), so indexes stay as they are. */
  private void grow() {
    int n = (int) Math.min(capacity, (long) timestamp.length * 2);
    timestamp = java.util.Arrays.copyOf(timestamp, n);
    cpu = java.util.Arrays.copyOf(cpu, n);
    memUsage = java.util.Arrays.copyOf(memUsage, n);
    memLimit = java.util.Arrays.copyOf(memLimit, n);
    netRx = java.util.Arrays.copyOf(netRx, n);
    netTx = java.util.Arrays.copyOf(netTx, n);
    blkRead = java.util.Arrays.copyOf(blkRead, n);
    blkWrite = java.util.Arrays.copyOf(blkWrite, n);
    pids = java.util.Arrays.copyOf(pids, n);
  }
}
