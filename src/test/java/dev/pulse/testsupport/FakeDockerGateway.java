package dev.pulse.testsupport;

import dev.pulse.docker.ContainerEvent;
import dev.pulse.docker.ContainerInfo;
import dev.pulse.docker.DockerGateway;
import dev.pulse.docker.StatsSnapshot;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.Closeable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A scripted engine for error paths only (the real-engine tests cover the happy paths). Called from worker threads,
 * so its state is thread-safe.
 */
public final class FakeDockerGateway implements DockerGateway {

  public static final String ID = "0123456789ab".repeat(5) + "cdef";

  private final String name;
  private final List<ContainerInfo> containers = new CopyOnWriteArrayList<>();
  private volatile boolean down;
  /** One-shot calls that fail before the engine answers again. */
  public final AtomicInteger failNextStats = new AtomicInteger();
  public final AtomicInteger statsCalls = new AtomicInteger();
  private final AtomicInteger tick = new AtomicInteger();

  public FakeDockerGateway(String name) {
    this.name = name;
  }

  public FakeDockerGateway withRunning(String id, String containerName) {
    containers.add(new ContainerInfo(name, id, containerName, "fake:latest", "running", "Up 1 second"));
    return this;
  }

  public FakeDockerGateway down(boolean value) {
    down = value;
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    if (down) throw new IllegalStateException("connection refused");
    return "fake-1.0";
  }

  @Override
  public List<ContainerInfo> list() {
    if (down) throw new IllegalStateException("connection refused");
    return List.copyOf(containers);
  }

  @Override
  public Optional<ContainerInfo> find(String id) {
    return containers.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** Half a core, 1 MiB more memory and 1000 more rx bytes every call; on a worker, as a blocking engine client. */
  @Override
  public Future<StatsSnapshot> oneShot(String id, WorkerExecutor workers) {
    return workers.executeBlocking(this::nextSample, false);
  }

  private StatsSnapshot nextSample() {
    statsCalls.incrementAndGet();
    if (down) throw new IllegalStateException("connection refused");
    if (failNextStats.getAndUpdate(n -> Math.max(0, n - 1)) > 0) throw new IllegalStateException("engine hiccup");
    long t = tick.incrementAndGet();
    return new StatsSnapshot(t * 1_000_000_000L, t * 500_000_000L, t * 2_000_000_000L, 2, 1 << 20, 1 << 30,
        t * 1000, 0, 0, 0, 1);
  }

  @Override
  public Closeable streamStats(String id, Consumer<StatsSnapshot> onSample, Consumer<Throwable> onEnd) {
    throw new UnsupportedOperationException("stream mode is tested against the real engine");
  }

  @Override
  public Closeable events(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd) {
    if (down) throw new IllegalStateException("connection refused");
    return () -> { };
  }

  @Override
  public void close() {
  }
}
