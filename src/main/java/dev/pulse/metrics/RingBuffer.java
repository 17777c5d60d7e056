package dev.pulse.metrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;

/**
 * Bounded history of one container: the newest {@code capacity} samples, numbered from 0 without gaps. The points
 * live in {@link Slots}: parallel primitive arrays on the heap (48 bytes a point, no object per point) that grow by
 * doubling up to the capacity, so a container looked at once costs little; or a memory-mapped {@link RingFile} of the
 * full capacity, which outlives the process. Not thread-safe: its owner is one verticle's event loop.
 */
public final class RingBuffer {

  private static final int INITIAL = 64;

  private final int capacity;
  private long firstSeq;
  private long nextSeq;
  private Slots slots;

  public RingBuffer(int capacity) {
    this(capacity, new HeapSlots(Math.min(positive(capacity), INITIAL)), 0, 0);
  }

  private static int positive(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
    return capacity;
  }

  /** Over slots that already hold the points {@code [firstSeq, nextSeq)}, at most {@code capacity} of them. */
  RingBuffer(int capacity, Slots slots, long firstSeq, long nextSeq) {
    this.capacity = capacity;
    this.slots = slots;
    this.firstSeq = firstSeq;
    this.nextSeq = nextSeq;
  }

  /** A file-backed buffer over {@code file}, holding what its header and records say. */
  public static RingBuffer over(RingFile file) {
    return new RingBuffer(file.capacity(), file, file.firstSeq(), file.nextSeq());
  }

  /** The same points, numbered the same, in {@code target} (a fresh file of this capacity); this buffer is left. */
  public RingBuffer moveTo(RingFile target) {
    if (target.capacity() != capacity) throw new IllegalArgumentException("capacity differs");
    for (long seq = firstSeq; seq < nextSeq; seq++) target.put(index(seq, target.length()), seq, get(seq));
    target.bounds(firstSeq, nextSeq);
    return over(target);
  }

  public int capacity() {
    return capacity;
  }

  /** The sequence number the next appended sample gets; also the {@code From} a caught-up reader asks for. */
  public long nextSeq() {
    return nextSeq;
  }

  /**
   * The oldest retained sequence number (equal to {@link #nextSeq()} when empty): {@code nextSeq - capacity} once
   * full, and later than that for a ring loaded from a file of a smaller capacity.
   */
  public long firstSeq() {
    return firstSeq;
  }

  public int size() {
    return (int) (nextSeq - firstSeq());
  }

  /** Appends, overwriting the oldest sample when full; returns the sequence number given. */
  public long append(Sample s) {
    if (nextSeq >= slots.length() && slots.length() < capacity) {
      // only while nothing has wrapped yet (nextSeq == length), so indexes stay as they are
      slots = slots.grownTo((int) Math.min(capacity, (long) slots.length() * 2));
    }
    long seq = nextSeq++;
    if (nextSeq - firstSeq > capacity) firstSeq++;
    slots.put(index(seq), seq, s);
    slots.bounds(firstSeq, nextSeq);
    return seq;
  }

  /** The sample numbered {@code seq}; it must be retained. */
  public Sample get(long seq) {
    if (seq < firstSeq() || seq >= nextSeq) throw new IndexOutOfBoundsException("seq " + seq + " not retained");
    int i = index(seq);
    return new Sample(slots.timestamp(i), slots.cpu(i), slots.memUsage(i), slots.memLimit(i), slots.netRx(i),
        slots.netTx(i), slots.blkRead(i), slots.blkWrite(i), slots.pids(i));
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
      long usage = slots.memUsage(i);
      long limit = slots.memLimit(i);
      times.add(slots.timestamp(i));
      cpus.add(Sample.percent(slots.cpu(i)));
      mems.add(Sample.percent(Sample.memPercent(usage, limit)));
      usages.add(usage);
      limits.add(limit);
      rxs.add(Sample.rate(slots.netRx(i)));
      txs.add(Sample.rate(slots.netTx(i)));
      reads.add(Sample.rate(slots.blkRead(i)));
      writes.add(Sample.rate(slots.blkWrite(i)));
      pidCounts.add((long) slots.pids(i));
    }
    return new JsonObject().put(Sample.SEQ, seqs).put(Sample.TIMESTAMP, times).put(Sample.CPU, cpus)
        .put(Sample.MEM, mems).put(Sample.MEM_USAGE, usages).put(Sample.MEM_LIMIT, limits).put(Sample.NET_RX, rxs)
        .put(Sample.NET_TX, txs).put(Sample.BLK_READ, reads).put(Sample.BLK_WRITE, writes).put(Sample.PIDS, pidCounts);
  }

  /**
   * The newest {@code n} points' {@code seq}, {@code timestamp}, {@code cpu} and {@code mem} in columns, as
   * {@link #read} has them: what a sparkline draws, without the fields it does not.
   */
  public JsonObject recent(int n) {
    long start = Math.max(firstSeq(), nextSeq - Math.max(0, n));
    int size = (int) (nextSeq - start);
    JsonArray seqs = new JsonArray(new ArrayList<>(size));
    JsonArray times = new JsonArray(new ArrayList<>(size));
    JsonArray cpus = new JsonArray(new ArrayList<>(size));
    JsonArray mems = new JsonArray(new ArrayList<>(size));
    for (long seq = start; seq < nextSeq; seq++) {
      int i = index(seq);
      seqs.add(seq);
      times.add(slots.timestamp(i));
      cpus.add(Sample.percent(slots.cpu(i)));
      mems.add(Sample.percent(Sample.memPercent(slots.memUsage(i), slots.memLimit(i))));
    }
    return new JsonObject().put(Sample.SEQ, seqs).put(Sample.TIMESTAMP, times).put(Sample.CPU, cpus)
        .put(Sample.MEM, mems);
  }

  /** An empty history in the shape of {@link #read}. */
  public static JsonObject empty() {
    return new RingBuffer(1).read(0);
  }

  private int index(long seq) {
    return index(seq, slots.length());
  }

  private static int index(long seq, int length) {
    return (int) (seq % length);
  }
}
