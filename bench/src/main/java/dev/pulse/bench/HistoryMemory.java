package dev.pulse.bench;

import dev.pulse.metrics.RingBuffer;
import dev.pulse.metrics.Sample;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.openjdk.jol.info.GraphLayout;

/**
 * Benchmark 3a: heap held per point by {@link RingBuffer}, measured two ways. (1) MemoryMXBean heap in use after
 * System.gc(), before and after filling {@code buffers} RingBuffers of the given capacity with {@code points}
 * samples each. (2) JOL's GraphLayout of one such buffer (the exact reachable size of the object graph). Filling
 * levels cover the doubling growth (64, 128, ... then the capacity), so the worst case just after a doubling shows.
 *
 * <p>Args: capacity buffers fill1,fill2,...   Prints one JSON line.
 */
public final class HistoryMemory {

  public static void main(String[] args) throws Exception {
    int capacity = Integer.parseInt(args[0]);
    int buffers = Integer.parseInt(args[1]);
    String[] fills = args[2].split(",");
    MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    SplittableRandom r = new SplittableRandom(3);
    JsonObject out = new JsonObject().put("capacity", capacity).put("buffers", buffers)
        .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
        .put("compressed_oops", ManagementFactory.getRuntimeMXBean().getInputArguments().toString());
    var rows = new io.vertx.core.json.JsonArray();
    for (String f : fills) {
      int points = Integer.parseInt(f.trim());
      long before = used(mx);
      List<RingBuffer> held = new ArrayList<>(buffers);
      for (int b = 0; b < buffers; b++) {
        RingBuffer rb = new RingBuffer(capacity);
        for (int i = 0; i < points; i++) {
          rb.append(new Sample(1_764_270_000_000L + i, r.nextDouble(100), 600_000 + i, 25_276_510_208L,
              r.nextDouble(1e6), r.nextDouble(1e6), r.nextDouble(1e5), r.nextDouble(1e5), 1 + (i & 31)));
        }
        held.add(rb);
      }
      long after = used(mx);
      long jol = GraphLayout.parseInstance(held.get(0)).totalSize();
      int retained = held.get(0).size();
      double perBufferMx = (double) (after - before - listOverhead(buffers)) / buffers;
      rows.add(new JsonObject()
          .put("points_appended", points)
          .put("points_retained", retained)
          .put("heap_delta_bytes", after - before)
          .put("bytes_per_point_heap", perBufferMx / retained)
          .put("bytes_per_buffer_jol", jol)
          .put("bytes_per_point_jol", (double) jol / retained));
      held.clear();
      reachabilityFence(held);
    }
    out.put("fills", rows);
    System.out.println(out.encode());
  }

  /** The ArrayList that holds the buffers: header + Object[] of compressed references. */
  private static long listOverhead(int n) {
    return 24 + 16 + 4L * n;
  }

  private static long used(MemoryMXBean mx) throws InterruptedException {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      best = Math.min(best, mx.getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  private static void reachabilityFence(Object o) {
    if (o.hashCode() == 42) System.out.print("");
  }
}
