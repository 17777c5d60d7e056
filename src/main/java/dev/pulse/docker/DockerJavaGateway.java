package dev.pulse.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.pulse.config.DockerHostSpec;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link DockerGateway} over docker-java with the Apache httpclient5 transport for lists, inspects, the version and
 * events; every stats read (one-shot requests and streams) goes through a {@link OneShotStatsClient} instead.
 */
public final class DockerJavaGateway implements DockerGateway {

  /** A list, an inspect or the version must be answered within this. */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(20);

  private final String name;
  private final DockerClient client;
  /** The event stream may rightly be silent for hours: it gets its own client, without a response timeout. */
  private final DockerClient events;
  private final OneShotStatsClient stats;

  /** @param stats the non-blocking client for one-shot stats, on the same engine */
  public DockerJavaGateway(DockerHostSpec spec, int maxConnections, OneShotStatsClient stats) {
    this.stats = stats;
    this.name = spec.name();
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(spec.url())
        .withDockerTlsVerify(false)
        .build();
    DockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .maxConnections(maxConnections)
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(RESPONSE_TIMEOUT)
        .build();
    this.client = DockerClientImpl.getInstance(config, new BoundedDockerHttpClient(http, RESPONSE_TIMEOUT.toMillis()));
    DockerHttpClient eventsHttp = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .maxConnections(2)
        .connectionTimeout(Duration.ofSeconds(5))
        .build();
    this.events = DockerClientImpl.getInstance(config,
        new BoundedDockerHttpClient(eventsHttp, RESPONSE_TIMEOUT.toMillis()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    return client.versionCmd().exec().getVersion();
  }

  @Override
  public List<ContainerInfo> list() {
    return client.listContainersCmd().withShowAll(true).exec().stream().map(this::info).toList();
  }

  @Override
  public Optional<ContainerInfo> find(String id) {
    return client.listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec().stream()
        .filter(c -> c.getId().equals(id)).findFirst().map(this::info);
  }

  private ContainerInfo info(Container c) {
    String n = c.getNames() == null || c.getNames().length == 0 ? c.getId().substring(0, 12) : c.getNames()[0];
    if (n.startsWith("/")) n = n.substring(1);
    return new ContainerInfo(name, c.getId(), n, c.getImage(), c.getState(), c.getStatus());
  }

  /** Does not block and needs no worker: {@link OneShotStatsClient} answers on the caller's event loop. */
  @Override
  public Future<StatsSnapshot> oneShot(String id, WorkerExecutor workers) {
    return stats.oneShot(id);
  }

  @Override
  public boolean hasPids() {
    return true;
  }

  @Override
  public long pid(String id) {
    try {
      Long pid = client.inspectContainerCmd(id).exec().getState().getPidLong();
      return pid == null ? 0 : pid;
    } catch (NotFoundException e) {
      throw new NoSuchContainer(id);
    }
  }

  @Override
  public Closeable streamStats(String id, Consumer<StatsSnapshot> onSample, Consumer<Throwable> onEnd) {
    return stats.stream(id, onSample, onEnd);
  }

  @Override
  public Closeable events(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd) {
    return events.eventsCmd().withEventTypeFilter(EventType.CONTAINER).exec(new ResultCallback.Adapter<Event>() {
      @Override
      public void onNext(Event e) {
        String action = e.getAction() != null ? e.getAction() : e.getStatus();
        onEvent.accept(new ContainerEvent(e.getId(), action));
      }

      @Override
      public void onError(Throwable t) {
        onEnd.accept(t);
      }

      @Override
      public void onComplete() {
        onEnd.accept(null);
      }
    });
  }

  @Override
  public void close() {
    if (stats != null) stats.close();
    try {
      client.close();
      events.close();
    } catch (IOException ignored) {
      // closing a client whose engine is gone may fail; nothing to release then
    }
  }
}
