package dev.pulse.bench;

import dev.pulse.metrics.RingBuffer;
import dev.pulse.metrics.RingBufferVerticle;
import dev.pulse.metrics.RingFile;
import dev.pulse.metrics.Sample;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Benchmark 5, durable history: writes {@code containers} ring files of {@code points} points each under
 * {@code <base>/<run>/local/}, then measures, {@code rounds} times each:
 * <ul>
 *   <li><b>start-up load</b>: deploying {@link RingBufferVerticle} on that directory (open, check every record,
 *       map every file), against deploying it on an empty directory in the same run; with the files in the page cache
 *       (a restart) and with each file's pages dropped first ({@code dd iflag=nocache}, what a reboot leaves);</li>
 *   <li><b>a sync round</b>: one point appended to every ring, then {@link RingFile#sync} of every file, as the
 *       verticle's periodic sync does on a worker;</li>
 *   <li><b>bytes on disk per point</b>: {@code du --apparent-size} and {@code du} (allocated blocks).</li>
 * </ul>
 * Args: base containers points rounds. Prints one JSON line; removes what it wrote.
 */
public final class HistoryLoad {

  private static final String HOST = "local";

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]);
    int containers = Integer.parseInt(args[1]);
    int points = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    Path data = Files.createTempDirectory(Files.createDirectories(base), "history-load-");
    Path empty = Files.createTempDirectory(base, "history-empty-");
    try {
      JsonObject out = new JsonObject().put("containers", containers).put("points", points).put("rounds", rounds)
          .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
      long t0 = System.nanoTime();
      List<Path> files = write(data.resolve(HOST), containers, points);
      out.put("write_s", (System.nanoTime() - t0) / 1e9);

      JsonArray warm = new JsonArray();
      JsonArray cold = new JsonArray();
      JsonArray none = new JsonArray();
      JsonArray residentCold = new JsonArray();
      for (int r = 0; r < rounds; r++) {
        none.add(deployMs(empty, points));
        warm.add(deployMs(data, points));
        // a mapped page cannot be dropped: let the collector unmap the earlier rounds' buffers first
        System.gc();
        Thread.sleep(500);
        for (Path f : files) evict(f);
        residentCold.add(resident(data.resolve(HOST)));
        cold.add(deployMs(data, points));
      }
      out.put("load_empty_ms", none).put("load_warm_ms", warm).put("load_cold_ms", cold)
          .put("resident_before_cold_load_bytes", residentCold);

      JsonArray sync = new JsonArray();
      SplittableRandom rnd = new SplittableRandom(5);
      for (int r = 0; r < rounds; r++) {
        for (Path f : files) {
          RingBuffer rb = RingBuffer.over(RingFile.open(f, HOST, idOf(f), points).file());
          rb.append(sample(rnd, System.currentTimeMillis()));
        }
        long s = System.nanoTime();
        for (Path f : files) RingFile.sync(f);
        sync.add((System.nanoTime() - s) / 1e6);
      }
      out.put("sync_round_ms", sync);

      long apparent = du(data, true);
      long allocated = du(data, false);
      long total = (long) containers * points;
      out.put("bytes_per_file", Files.size(files.get(0)))
          .put("du_apparent_bytes", apparent).put("du_allocated_bytes", allocated)
          .put("bytes_per_point_apparent", (double) apparent / total)
          .put("bytes_per_point_allocated", (double) allocated / total);
      System.out.println(out.encode());
    } finally {
      deleteTree(data);
      deleteTree(empty);
    }
  }

  private static String idOf(Path f) {
    return RingFile.idOf(f);
  }

  private static Sample sample(SplittableRandom r, long t) {
    return new Sample(t, r.nextDouble(0, 200), 600_000 + r.nextInt(5_000_000), 25_276_510_208L, r.nextDouble(0, 1e6),
        r.nextDouble(0, 1e6), r.nextDouble(0, 1e5), r.nextDouble(0, 1e5), 1 + r.nextInt(50));
  }

  private static List<Path> write(Path dir, int containers, int points) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom r = new SplittableRandom(42);
    List<Path> files = new ArrayList<>();
    long t = 1_764_270_000_000L;
    for (int c = 0; c < containers; c++) {
      String id = String.format("%064x", c + 1);
      Path path = RingFile.path(dir, id);
      RingBuffer rb = RingBuffer.over(RingFile.create(path, HOST, id, points));
      for (int i = 0; i < points; i++) rb.append(sample(r, t + 3000L * i));
      RingFile.sync(path);
      files.add(path);
    }
    return files;
  }

  /** Milliseconds from deploying the ring-buffer verticle on {@code dir} to its start completing. */
  private static double deployMs(Path dir, int capacity) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      long s = System.nanoTime();
      await(vertx.deployVerticle(new RingBufferVerticle(capacity, List.of(HOST), dir, 60_000)));
      return (System.nanoTime() - s) / 1e6;
    } finally {
      await(vertx.close());
    }
  }

  /** Drops the file's pages from the page cache (they are clean: the file was synced). */
  private static void evict(Path f) throws Exception {
    Process p = new ProcessBuilder("dd", "if=" + f, "iflag=nocache", "count=0", "status=none").inheritIO().start();
    if (p.waitFor() != 0) throw new IllegalStateException("dd failed on " + f);
  }

  /** Bytes of the directory's files in the page cache ({@code fincore}). */
  private static long resident(Path dir) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("fincore", "--bytes", "--noheadings", "--output", "RES"));
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> cmd.add(f.toString()));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    long sum = 0;
    for (String line : text.split("\\s+")) {
      if (!line.isBlank()) sum += Long.parseLong(line.trim());
    }
    return sum;
  }

  private static long du(Path dir, boolean apparent) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("du", "-s", "-B1"));
    if (apparent) cmd.add("--apparent-size");
    cmd.add(dir.resolve(HOST).toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    // the directory's own blocks (its entries) are not the files': subtract them
    long dirBytes = Files.size(dir.resolve(HOST));
    return Long.parseLong(text.split("\\s+")[0]) - dirBytes;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
