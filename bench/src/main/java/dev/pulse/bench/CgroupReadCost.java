package dev.pulse.bench;

import dev.pulse.cgroup.CgroupCollector;
import dev.pulse.cgroup.CgroupPaths;
import dev.pulse.cgroup.CgroupSource;
import dev.pulse.cgroup.KernelFile;
import dev.pulse.docker.StatsSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the cgroup collector should read (Benchmark 5): one container's sample, N times in a row, measured three ways
 * on a Vert.x event loop, with the process CPU and wall time of each:
 * <ul>
 *   <li>{@code loop-open-files}: what Pulse does, the files kept open and read again with pread on the event loop;
 *   <li>{@code loop-reopen}: the same files opened, read and closed for every sample, on the event loop;
 *   <li>{@code worker-open-files}: the kept-open read handed to a worker thread and the result back to the loop
 *       (executeBlocking), one at a time, as a poller would.
 * </ul>
 * Usage: java -cp pulse-bench.jar:pulse.jar dev.pulse.bench.CgroupReadCost <container pid> [samples] [rounds]
 */
public final class CgroupReadCost {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    long pid = Long.parseLong(args[0]);
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    CgroupSource source = CgroupSource.probe(Path.of("/sys/fs/cgroup"), Path.of("/proc"));
    CgroupPaths paths = CgroupPaths.resolve(source.cgroupRoot(), CgroupPaths.readProcCgroup(source.procRoot(), pid));
    List<Path> files = filesOf(paths, source, pid);
    Vertx vertx = Vertx.vertx();
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("bench-workers", 4);
    CgroupCollector collector = source.open(pid);
    List<JsonObject> results = new ArrayList<>();
    try {
      for (int r = 0; r < rounds; r++) {
        // round 0 warms the JIT up for all three; it is reported but marked
        results.add(onLoop(vertx, "loop-open-files", n, r, () -> collector.read()));
        results.add(onLoop(vertx, "loop-reopen", n, r, () -> {
          for (Path f : files) KernelFile.readOnce(f);
          return null;
        }));
        results.add(viaWorker(vertx, workers, n, r, collector));
      }
      JsonObject out = new JsonObject().put("benchmark", "cgroup-read-cost").put("pid", pid).put("samples", n)
          .put("files", files.stream().map(Path::toString).toList()).put("results", results);
      System.out.println(out.encodePrettily());
    } finally {
      collector.close();
      workers.close();
      vertx.close();
    }
    System.exit(0);
  }

  interface Read {
    Object read() throws Exception;
  }

  private static List<Path> filesOf(CgroupPaths p, CgroupSource s, long pid) {
    List<Path> out = new ArrayList<>(List.of(p.dir("cpuacct").resolve("cpuacct.usage"), s.procRoot().resolve("stat"),
        p.dir("memory").resolve("memory.usage_in_bytes"), p.dir("memory").resolve("memory.limit_in_bytes"),
        p.dir("memory").resolve("memory.stat"), p.dir("blkio").resolve("blkio.throttle.io_service_bytes"),
        p.dir("pids").resolve("pids.current"), s.procRoot().resolve(pid + "/net/dev")));
    return out;
  }

  private static JsonObject onLoop(Vertx vertx, String way, int n, int round, Read read) throws Exception {
    Promise<JsonObject> done = Promise.promise();
    vertx.runOnContext(v -> {
      try {
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        long maxNanos = 0;
        for (int i = 0; i < n; i++) {
          long s = System.nanoTime();
          read.read();
          maxNanos = Math.max(maxNanos, System.nanoTime() - s);
        }
        done.complete(result(way, round, n, System.nanoTime() - t0, OS.getProcessCpuTime() - cpu0, maxNanos));
      } catch (Exception e) {
        done.fail(e);
      }
    });
    return done.future().await(300, TimeUnit.SECONDS);
  }

  private static JsonObject viaWorker(Vertx vertx, WorkerExecutor workers, int n, int round, CgroupCollector c)
      throws Exception {
    Promise<JsonObject> done = Promise.promise();
    vertx.runOnContext(v -> new WorkerRounds(workers, c, n, round, done).next());
    return done.future().await(300, TimeUnit.SECONDS);
  }

  /** One read on a worker, back on the loop, then the next: the round trip a poller would pay every tick. */
  private static final class WorkerRounds {
    final WorkerExecutor workers;
    final CgroupCollector c;
    final int n;
    final int round;
    final Promise<JsonObject> done;
    final long cpu0 = OS.getProcessCpuTime();
    final long t0 = System.nanoTime();
    int left;
    long maxNanos;

    WorkerRounds(WorkerExecutor workers, CgroupCollector c, int n, int round, Promise<JsonObject> done) {
      this.workers = workers;
      this.c = c;
      this.n = n;
      this.round = round;
      this.done = done;
      this.left = n;
    }

    void next() {
      if (left-- == 0) {
        done.complete(result("worker-open-files", round, n, System.nanoTime() - t0, OS.getProcessCpuTime() - cpu0,
            maxNanos));
        return;
      }
      long s = System.nanoTime();
      workers.<StatsSnapshot>executeBlocking(c::read, false).onComplete(ar -> {
        if (ar.failed()) {
          done.fail(ar.cause());
          return;
        }
        maxNanos = Math.max(maxNanos, System.nanoTime() - s);
        next();
      });
    }
  }

  private static JsonObject result(String way, int round, int n, long wallNanos, long cpuNanos, long maxNanos) {
    return new JsonObject().put("way", way).put("round", round).put("warmup", round == 0)
        .put("wall_us_per_sample", wallNanos / 1e3 / n).put("process_cpu_us_per_sample", cpuNanos / 1e3 / n)
        .put("max_us", maxNanos / 1e3);
  }
}
