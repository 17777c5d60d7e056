package dev.pulse.polling;

import dev.pulse.bus.ContainerKey;
import dev.pulse.cgroup.CgroupCollector;
import dev.pulse.cgroup.CgroupPaths;
import dev.pulse.cgroup.CgroupSource;
import dev.pulse.cgroup.SystemCpu;
import dev.pulse.config.SamplingMode;
import dev.pulse.docker.DockerGateway;
import dev.pulse.docker.StatsSnapshot;
import dev.pulse.metrics.Sample;
import dev.pulse.retry.Backoff;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.io.Closeable;

/**
 * Samples one container every interval and sends each {@link Sample} to the ring buffer. It reads either the
 * container's cgroup files ({@link CgroupCollector}, when its host's collector is {@code cgroup}) or the Docker API;
 * both give a {@link StatsSnapshot}, so the formulas are the same. Blocking engine calls (docker-java's inspect)
 * run on the shared Docker worker pool; stats, one-shot or streamed, come from the gateway without blocking, on this
 * event loop, the only one that touches this verticle's fields.
 * Errors back off exponentially (up to {@link #MAX_BACKOFF_MS}) and never stop the poller: only its supervisor does.
 */
public final class PollerVerticle extends VerticleBase {

  static final long MAX_BACKOFF_MS = 30_000;

  private final DockerGateway docker;
  private final WorkerExecutor workers;
  private final String host;
  private final String id;
  private final ContainerKey key;
  private final long intervalMs;
  private final SamplingMode mode;
  private final Backoff backoff;
  private final dev.pulse.log.RateLimitedLog errors =
      new dev.pulse.log.RateLimitedLog(org.slf4j.LoggerFactory.getLogger(PollerVerticle.class), 1, 60_000);
  /** Null when this poller reads from the Docker API. */
  private final CgroupSource cgroupSource;

  private long timer = -1;
  private boolean inFlight;
  private int failures;
  private long missed;
  private long skipUntil;
  private StatsSnapshot previous;
  private long previousNanos;
  // STREAM mode: the newest snapshot the engine pushed and whether it was used yet
  private Closeable stream;
  private StatsSnapshot latest;
  private boolean stopped;
  // cgroup collector: the container's open files, null until opened (and after a failed read, to reopen)
  private CgroupCollector cgroup;

  public PollerVerticle(DockerGateway docker, WorkerExecutor workers, String host, String id, long intervalMs,
      SamplingMode mode) {
    this(docker, workers, host, id, intervalMs, mode, null);
  }

  /** @param cgroupSource the host's cgroup trees, or null to read from the Docker API */
  public PollerVerticle(DockerGateway docker, WorkerExecutor workers, String host, String id, long intervalMs,
      SamplingMode mode, CgroupSource cgroupSource) {
    this.cgroupSource = cgroupSource;
    this.docker = docker;
    this.workers = workers;
    this.host = host;
    this.id = id;
    this.key = new ContainerKey(host, id);
    this.intervalMs = intervalMs;
    this.mode = mode;
    this.backoff = new Backoff(intervalMs, Math.max(intervalMs, MAX_BACKOFF_MS));
  }

  @Override
  public Future<?> start() {
    if (cgroupSource != null) {
      // every cgroup poller ticks on the same instants, so an event loop wakes once an interval for all of them
      timer = vertx.setPeriodic(Ticks.toNextAligned(System.currentTimeMillis(), intervalMs), intervalMs,
          t -> tickCgroup());
      openCgroup();
      return Future.succeededFuture();
    }
    timer = vertx.setPeriodic(mode == SamplingMode.ONESHOT ? 1 : intervalMs, intervalMs, t -> tick());
    if (mode == SamplingMode.STREAM) openStream();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    if (cgroup != null) cgroup.close();
    cgroup = null;
    closeStream();
    return Future.succeededFuture();
  }

  private void tick() {
    long now = System.currentTimeMillis();
    if (now < skipUntil) {
      missed++;
      return;
    }
    if (mode == SamplingMode.ONESHOT) {
      if (inFlight) { // never queue requests behind a slow engine
        missed++;
        return;
      }
      inFlight = true;
      docker.oneShot(id, workers)
          .onComplete(ar -> {
            inFlight = false;
            if (ar.succeeded()) onSnapshot(ar.result(), now);
            else onError(ar.cause());
          });
    } else {
      StatsSnapshot s = latest;
      latest = null;
      if (s != null) onSnapshot(s, now);
      else if (stream == null && !inFlight) openStream();
    }
  }

  /**
   * Reads the container's files right here on the event loop: they are kept open, and a sample is a few
   * {@code pread}s of text the kernel formats from memory, never a wait on a disk or the daemon. Handing that to a
   * worker and back costs more CPU than the reads themselves (measured: BENCHMARKS.md §5).
   */
  private void tickCgroup() {
    long now = System.currentTimeMillis();
    if (now < skipUntil || inFlight) return;
    if (previous != null && !Ticks.spansEnough(System.nanoTime() - previousNanos, intervalMs)) return;
    if (cgroup == null) {
      openCgroup();
      return;
    }
    StatsSnapshot s;
    try {
      s = cgroup.read(SystemCpu.ofThisThread());
    } catch (java.io.IOException | RuntimeException e) {
      // the cgroup went away (container stopped) or a file is unreadable: a gap, then reopen with a fresh pid
      cgroup.close();
      cgroup = null;
      previous = null;
      onError(e);
      return;
    }
    onSnapshot(s, now);
  }

  /** The init pid from the engine (once per start), then the files; blocking, so on a worker. */
  private void openCgroup() {
    inFlight = true;
    workers.executeBlocking(() -> cgroupSource.open(docker.pid(id)), false).onComplete(ar -> {
      inFlight = false;
      if (ar.failed()) {
        onError(ar.cause());
        if (ar.cause() instanceof CgroupPaths.CgroupUnavailable && !stopped) {
          new LeaseClient(vertx).collectorFailed(key, "cgroup files of container " + key.shortId() + ": "
              + ar.cause().getMessage());
        }
      } else if (stopped) {
        ar.result().close();
      } else {
        cgroup = ar.result();
        tickCgroup(); // the first snapshot now; the first point comes at the first aligned tick half an interval on
      }
    });
  }

  private void onSnapshot(StatsSnapshot snapshot, long timestampMs) {
    if (stopped) return;
    failures = 0;
    // a snapshot no container can produce is a missed sample: no point, and not the base of the next one
    if (!Sample.plausible(snapshot)) {
      missed++;
      return;
    }
    long nanos = System.nanoTime();
    if (previous != null) {
      java.util.Optional<Sample> sample = Sample.between(previous, snapshot, timestampMs, nanos - previousNanos);
      if (sample.isPresent()) {
        // to the ring buffer, and the snapshot's cumulative counters to /metrics, with the loop's other pollers
        TickBatch.send(context, vertx.eventBus(), key, sample.get(), snapshot, missed);
        missed = 0;
      } else {
        missed++;
      }
    }
    previous = snapshot;
    previousNanos = nanos;
  }

  private void onError(Throwable err) {
    missed++;
    if (!stopped) errors.warn("poller {}/{} failed, backing off: {}", host, id.substring(0, Math.min(12, id.length())),
        String.valueOf(err.getMessage()));
    failures++;
    skipUntil = System.currentTimeMillis() + backoff.delayMs(failures) - intervalMs / 2;
  }

  /** Non-blocking, like a one-shot request: the samples arrive on this event loop. */
  private void openStream() {
    try {
      stream = docker.streamStats(id, s -> latest = s, end -> {
        stream = null;
        if (end != null) onError(end);
      });
    } catch (RuntimeException e) {
      onError(e);
    }
  }

  private void closeStream() {
    Closeable s = stream;
    stream = null;
    if (s == null) return;
    try {
      s.close();
    } catch (java.io.IOException | RuntimeException ignored) {
      // the stream is gone either way
    }
  }
}
