package dev.pulse.metrics;

/**
 * Where a {@link RingBuffer} keeps its points: slot {@code i} holds one point, 48 bytes of fields. {@link HeapSlots}
 * keeps them in parallel arrays, {@link RingFile} in a memory-mapped file. Both are owned by one event loop.
 */
interface Slots {

  /** Slots available now; the ring wraps at this length once it equals the buffer's capacity. */
  int length();

  /** The slots to use from now on with room for {@code n} points and slots {@code [0, length())} kept. */
  Slots grownTo(int n);

  void put(int i, long seq, Sample s);

  /**
   * The retained points are now {@code [first, next)}; called after every append, so storage that outlives the
   * process knows where the ring stands.
   */
  void bounds(long first, long next);

  long timestamp(int i);

  float cpu(int i);

  long memUsage(int i);

  long memLimit(int i);

  float netRx(int i);

  float netTx(int i);

  float blkRead(int i);

  float blkWrite(int i);

  int pids(int i);
}
