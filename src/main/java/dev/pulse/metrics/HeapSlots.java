package dev.pulse.metrics;

import java.util.Arrays;

/** Slots as parallel primitive arrays: 48 bytes a point and no object a point. */
final class HeapSlots implements Slots {

  private final long[] timestamp;
  private final float[] cpu;
  private final long[] memUsage;
  private final long[] memLimit;
  private final float[] netRx;
  private final float[] netTx;
  private final float[] blkRead;
  private final float[] blkWrite;
  private final int[] pids;

  HeapSlots(int n) {
    this(new long[n], new float[n], new long[n], new long[n], new float[n], new float[n], new float[n], new float[n],
        new int[n]);
  }

  private HeapSlots(long[] timestamp, float[] cpu, long[] memUsage, long[] memLimit, float[] netRx, float[] netTx,
      float[] blkRead, float[] blkWrite, int[] pids) {
    this.timestamp = timestamp;
    this.cpu = cpu;
    this.memUsage = memUsage;
    this.memLimit = memLimit;
    this.netRx = netRx;
    this.netTx = netTx;
    this.blkRead = blkRead;
    this.blkWrite = blkWrite;
    this.pids = pids;
  }

  @Override
  public int length() {
    return timestamp.length;
  }

  @Override
  public Slots grownTo(int n) {
    return new HeapSlots(Arrays.copyOf(timestamp, n), Arrays.copyOf(cpu, n), Arrays.copyOf(memUsage, n),
        Arrays.copyOf(memLimit, n), Arrays.copyOf(netRx, n), Arrays.copyOf(netTx, n), Arrays.copyOf(blkRead, n),
        Arrays.copyOf(blkWrite, n), Arrays.copyOf(pids, n));
  }

  @Override
  public void put(int i, long seq, Sample s) {
    timestamp[i] = s.timestamp();
    cpu[i] = (float) s.cpu();
    memUsage[i] = s.memUsage();
    memLimit[i] = s.memLimit();
    netRx[i] = (float) s.netRx();
    netTx[i] = (float) s.netTx();
    blkRead[i] = (float) s.blkRead();
    blkWrite[i] = (float) s.blkWrite();
    pids[i] = (int) Math.min(Integer.MAX_VALUE, s.pids());
  }

  @Override
  public void bounds(long first, long next) {
    // the arrays die with the process: nothing to record
  }

  @Override
  public long timestamp(int i) {
    return timestamp[i];
  }

  @Override
  public float cpu(int i) {
    return cpu[i];
  }

  @Override
  public long memUsage(int i) {
    return memUsage[i];
  }

  @Override
  public long memLimit(int i) {
    return memLimit[i];
  }

  @Override
  public float netRx(int i) {
    return netRx[i];
  }

  @Override
  public float netTx(int i) {
    return netTx[i];
  }

  @Override
  public float blkRead(int i) {
    return blkRead[i];
  }

  @Override
  public float blkWrite(int i) {
    return blkWrite[i];
  }

  @Override
  public int pids(int i) {
    return pids[i];
  }
}
