package dev.pulse;

import dev.pulse.command.CommandVerticle;
import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.docker.ContainerDiscoveryVerticle;
import dev.pulse.docker.DockerGateway;
import dev.pulse.docker.DockerJavaGateway;
import dev.pulse.http.HttpVerticle;
import dev.pulse.metrics.RingBufferVerticle;
import dev.pulse.polling.PollerSupervisorVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One running Pulse node. Deploys, in order: the ring buffer (so no sample is dropped), the poller supervisor, one
 * discovery verticle per Docker host, the command verticle, and last the HTTP verticle (so nothing is served before
 * it can be answered). {@link #stop()} undeploys them in reverse.
 */
public final class Pulse {

  /** Threads for blocking docker-java calls: a one-shot stats call holds one for up to a second. */
  public static final int DOCKER_THREADS = 64;

  private final Vertx vertx;
  private final PulseConfig config;
  private final WorkerExecutor workers;
  private final Map<String, DockerGateway> gateways;
  private final List<String> deployments = new ArrayList<>();
  private HttpVerticle http;

  private Pulse(Vertx vertx, PulseConfig config, Map<String, DockerGateway> gateways) {
    this.vertx = vertx;
    this.config = config;
    this.gateways = gateways;
    this.workers = vertx.createSharedWorkerExecutor("pulse-docker-" + config.nodeId(), DOCKER_THREADS);
  }

  /** Starts a node against the Docker engines of {@code config}. */
  public static Future<Pulse> start(Vertx vertx, PulseConfig config) {
    return start(vertx, config, spec -> new DockerJavaGateway(spec, 4 * DOCKER_THREADS + 512));
  }

  /** Starts a node with the given gateway factory (tests use a fake engine for error paths). */
  public static Future<Pulse> start(Vertx vertx, PulseConfig config, Function<DockerHostSpec, DockerGateway> gateways) {
    Map<String, DockerGateway> byName = new LinkedHashMap<>();
    config.dockerHosts().forEach(h -> byName.put(h.name(), gateways.apply(h)));
    Pulse pulse = new Pulse(vertx, config, Collections.unmodifiableMap(byName));
    return pulse.deployAll().map(pulse).recover(err -> pulse.stop().transform(v -> Future.failedFuture(err)));
  }

  private Future<Void> deployAll() {
    Future<String> chain = deploy(new RingBufferVerticle(config.bufferSize()))
        .compose(id -> deploy(new PollerSupervisorVerticle(config, gateways, workers)));
    for (DockerGateway gateway : gateways.values()) {
      chain = chain.compose(id -> deploy(new ContainerDiscoveryVerticle(gateway, workers, config.nodeId())));
    }
    http = new HttpVerticle(config);
    return chain.compose(id -> deploy(new CommandVerticle(config)))
        .compose(id -> deploy(http))
        .mapEmpty();
  }

  private Future<String> deploy(io.vertx.core.Deployable verticle) {
    return vertx.deployVerticle(verticle).onSuccess(deployments::add);
  }

  public PulseConfig config() {
    return config;
  }

  public int httpPort() {
    return http.actualPort();
  }

  /** Undeploys everything in reverse order and closes the Docker clients. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    List<String> reversed = new ArrayList<>(deployments);
    Collections.reverse(reversed);
    for (String id : reversed) {
      chain = chain.compose(v -> vertx.undeploy(id).otherwise((Void) null));
    }
    deployments.clear();
    return chain.compose(v -> workers.executeBlocking(() -> {
      gateways.values().forEach(DockerGateway::close);
      return null;
    }, false)).eventually(() -> workers.close()).mapEmpty();
  }
}
