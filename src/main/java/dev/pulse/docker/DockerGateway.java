package dev.pulse.docker;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.Closeable;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One Docker engine. Every method but the stats reads ({@link #oneShot(String, WorkerExecutor)},
 * {@link #streamStats(String, Consumer, Consumer)}) blocks (docker-java does): call them from worker threads only.
 * Callbacks of {@link #events(Consumer, Consumer)} arrive on docker-java's own threads; callers hop back to their
 * event loop.
 */
public interface DockerGateway extends AutoCloseable {

  /** Host name from the configuration. */
  String name();

  /** Engine version; fails when the engine does not answer. */
  String version();

  /** Every container, running or not. */
  List<ContainerInfo> list();

  /** One container by full id, empty when it no longer exists. */
  Optional<ContainerInfo> find(String id);

  /**
   * One stats sample, answered without waiting for a second daemon sample ({@code one-shot=true}). Never blocks the
   * caller and completes on its context; a gateway whose client blocks runs it on {@code workers}.
   */
  Future<StatsSnapshot> oneShot(String id, WorkerExecutor workers);

  /**
   * The container's init process id on the engine's machine ({@code State.Pid} of an inspect), 0 when it is not
   * running; the cgroup collector finds the container's files from it.
   */
  default long pid(String id) {
    throw new UnsupportedOperationException("this engine gives no process ids");
  }

  /** Whether {@link #pid(String)} answers (a scripted engine has no processes, so no cgroup files). */
  default boolean hasPids() {
    return false;
  }

  /**
   * A stats stream, one sample per daemon collection round. Never blocks: call it on an event loop, where the samples
   * and the end arrive ({@code onEnd} gets null when the engine ended it). Close the result to end it.
   */
  Closeable streamStats(String id, Consumer<StatsSnapshot> onSample, Consumer<Throwable> onEnd);

  /** Container events from now on; close the result to end it. {@code onEnd} gets null when the stream ended cleanly. */
  Closeable events(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd);

  @Override
  void close();

  /** The container is gone (HTTP 404 from the engine). */
  final class NoSuchContainer extends RuntimeException {
    public NoSuchContainer(String id) {
      super("no such container " + id, null, false, false);
    }
  }
}
