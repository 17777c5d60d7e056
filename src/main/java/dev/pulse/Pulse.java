package dev.pulse;

import dev.pulse.cluster.ClusterSetup;
import dev.pulse.cluster.HostRegistry;
import dev.pulse.command.CommandVerticle;
import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.docker.ContainerDiscoveryVerticle;
import dev.pulse.docker.DockerGateway;
import dev.pulse.docker.DockerJavaGateway;
import dev.pulse.docker.OneShotStatsClient;
import dev.pulse.auth.LoginsVerticle;
import dev.pulse.http.HttpVerticle;
import dev.pulse.session.SessionsVerticle;
import io.vertx.core.DeploymentOptions;
import dev.pulse.metrics.RingBufferVerticle;
import dev.pulse.cgroup.CgroupSource;
import dev.pulse.polling.CollectorChoice;
import dev.pulse.polling.PollerSupervisorVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One running Pulse node. Deploys, in order: the ring buffer (so no sample is dropped), the poller supervisor, one
 * discovery verticle per Docker host, the command verticle, the login throttle and session count, and last the HTTP
 * verticle's instances (so nothing is served before it can be answered). {@link #stop()} undeploys them in reverse.
 */
public final class Pulse {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pulse.class);

  /** Threads for blocking docker-java calls (lists, events, streams; one-shot stats do not take one). */
  public static final int DOCKER_THREADS = 64;

  private final Vertx vertx;
  private final ClusterSetup cluster;
  private final HostRegistry registry;
  private final PulseConfig config;
  private final WorkerExecutor workers;
  private final Map<String, DockerGateway> gateways;
  private final List<String> deployments = new ArrayList<>();
  private HttpVerticle http;

  private Pulse(ClusterSetup cluster, PulseConfig config, Map<String, DockerGateway> gateways) {
    this.vertx = cluster.vertx();
    this.cluster = cluster;
    this.registry = new HostRegistry(vertx, config.nodeId(), cluster.memberId(), cluster.members());
    this.config = config;
    this.gateways = gateways;
    this.workers = vertx.createSharedWorkerExecutor("pulse-docker-" + config.nodeId(), DOCKER_THREADS);
  }

  /** Starts a single node against the Docker engines of {@code config}. */
  public static Future<Pulse> start(Vertx vertx, PulseConfig config) {
    return start(ClusterSetup.standalone(vertx, config.nodeId()), config, spec -> dockerJava(vertx, spec));
  }

  /** Starts a node on a (possibly clustered) Vert.x against the Docker engines of {@code config}. */
  public static Future<Pulse> start(ClusterSetup cluster, PulseConfig config) {
    return start(cluster, config, spec -> dockerJava(cluster.vertx(), spec));
  }

  /** Starts a single node with the given gateway factory (tests use a fake engine for error paths). */
  public static Future<Pulse> start(Vertx vertx, PulseConfig config, Function<DockerHostSpec, DockerGateway> gateways) {
    return start(ClusterSetup.standalone(vertx, config.nodeId()), config, gateways);
  }

  private static Future<Pulse> start(ClusterSetup cluster, PulseConfig config,
      Function<DockerHostSpec, DockerGateway> gateways) {
    Map<String, DockerGateway> byName = new LinkedHashMap<>();
    config.dockerHosts().forEach(h -> byName.put(h.name(), gateways.apply(h)));
    Pulse pulse = new Pulse(cluster, config, Collections.unmodifiableMap(byName));
    // claim the host names first: a duplicate in the cluster must stop this node before it samples anything
    return pulse.registry.claim(List.copyOf(byName.keySet()))
        .compose(v -> pulse.deployAll())
        .map(pulse)
        .recover(err -> pulse.stop().transform(v -> Future.failedFuture(err)));
  }

  private static DockerGateway dockerJava(Vertx vertx, DockerHostSpec spec) {
    return new DockerJavaGateway(spec, 4 * DOCKER_THREADS + 512, OneShotStatsClient.create(vertx, spec));
  }

  private Future<Void> deployAll() {
    List<String> hosts = List.copyOf(gateways.keySet());
    Path dataDir = config.dataDir().isEmpty() ? null : Path.of(config.dataDir()).toAbsolutePath();
    Future<String> chain = deploy(new RingBufferVerticle(config.bufferSize(), hosts, dataDir, RingBufferVerticle.SYNC_MS,
        config.pollIntervalMs()))
        .compose(id -> deploy(new dev.pulse.prometheus.ContainerCountersVerticle(hosts)))
        .compose(id -> chooseCollectors())
        .compose(choices -> deploy(new PollerSupervisorVerticle(config, gateways, workers, cluster.members(), choices)));
    for (DockerGateway gateway : gateways.values()) {
      chain = chain.compose(id -> deploy(new ContainerDiscoveryVerticle(gateway, workers, config.nodeId())));
    }
    List<HttpVerticle> instances = new ArrayList<>();
    return chain.compose(id -> deploy(new CommandVerticle(config, registry)))
        .compose(id -> deploy(new LoginsVerticle()))
        .compose(id -> deploy(new SessionsVerticle()))
        .compose(id -> vertx.deployVerticle(() -> {
          HttpVerticle h = new HttpVerticle(config, cluster.memberId());
          instances.add(h);
          return h;
        }, new DeploymentOptions().setInstances(config.httpInstances())))
        .onSuccess(id -> {
          deployments.add(id);
          http = instances.get(0);
        })
        .mapEmpty();
  }

  /** Each host's collector; probing the cgroup and proc trees touches the file system, so it runs on a worker. */
  private Future<Map<String, CollectorChoice>> chooseCollectors() {
    return workers.executeBlocking(() -> {
      Map<String, CollectorChoice> choices = new LinkedHashMap<>();
      for (DockerHostSpec spec : config.dockerHosts()) {
        choices.put(spec.name(), CollectorChoice.decide(config.collector().mode(), spec,
            gateways.get(spec.name()).hasPids(), () -> CgroupSource.probe(config.collector().cgroupRoot(), config.collector().procRoot())));
      }
      return choices;
    }, false).onSuccess(choices -> choices.forEach((host, c) -> {
      if (c.error() == null) LOG.info("Docker host {}: collector {}", host, c.cgroup() ? CollectorChoice.CGROUP : CollectorChoice.API);
      else LOG.info("Docker host {}: collector {} ({})", host, c.cgroup() ? CollectorChoice.CGROUP : CollectorChoice.API, c.error());
    }));
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
    return chain.compose(v -> registry.release(List.copyOf(gateways.keySet()))).compose(v -> workers.executeBlocking(() -> {
      gateways.values().forEach(DockerGateway::close);
      return null;
    }, false)).eventually(() -> workers.close()).mapEmpty();
  }
}
