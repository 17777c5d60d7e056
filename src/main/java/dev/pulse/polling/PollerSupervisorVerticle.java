package dev.pulse.polling;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.ContainerKey;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import dev.pulse.config.PulseConfig;
import dev.pulse.docker.ContainerInfo;
import dev.pulse.docker.DiscoveryClient;
import dev.pulse.docker.DockerGateway;
import dev.pulse.metrics.HistoryClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides which containers are sampled. A container is wanted while a session holds a lease on it, while a REST read
 * touched it within the idle timeout, or during the linger after its last lease went; a wanted, running container
 * has exactly one {@link PollerVerticle}. Who wants what, and so what to do, is decided by a {@link LeaseTable}; it,
 * the timers and the deployments live in this verticle's fields, changed only on its event loop, so checking for a
 * poller and deploying one cannot race.
 */
public final class PollerSupervisorVerticle extends VerticleBase {

  public static final String OP_ACQUIRE = "acquire";
  public static final String OP_RELEASE = "release";
  public static final String OP_RELEASE_ALL = "releaseAll";
  public static final String OP_TOUCH = "touch";
  public static final String OP_STATUS = "status";
  /** Which collector a host's pollers read from: {@code {Host}} → {@code {Collector, CollectorError}}. */
  public static final String OP_COLLECTOR = "collector";
  /** A poller could not read its container's cgroup files: {@code {Host, Id, Error}} (local only). */
  public static final String OP_COLLECTOR_FAILED = "collectorFailed";

  /** How often leases of sessions on nodes that left the cluster are dropped. */
  static final long MEMBER_CHECK_MS = 2_000;

  private final PulseConfig config;
  private final Map<String, DockerGateway> gateways;
  private final WorkerExecutor workers;
  private final Supplier<Collection<String>> members;
  private final Map<String, CollectorChoice> collectors;
  private final LeaseTable table;
  /** The poller and recheck timer of each container the table wants. */
  private final Map<ContainerKey, Poller> pollers = new HashMap<>();
  private DiscoveryClient discovery;
  private HistoryClient history;

  private static final class Poller {
    Future<String> deployment;
    long timer = -1;
  }

  /**
   * @param gateways the Docker hosts this node owns; leases on them may come from sessions on any node
   * @param members the cluster members alive now; a holder's id starts with its node's member id
   */
  public PollerSupervisorVerticle(PulseConfig config, Map<String, DockerGateway> gateways, WorkerExecutor workers,
      Supplier<Collection<String>> members) {
    this(config, gateways, workers, members, Map.of());
  }

  /** @param collectors each host's collector (a host not in it reads from the Docker API) */
  public PollerSupervisorVerticle(PulseConfig config, Map<String, DockerGateway> gateways, WorkerExecutor workers,
      Supplier<Collection<String>> members, Map<String, CollectorChoice> collectors) {
    this.collectors = new HashMap<>(collectors);
    this.config = config;
    this.gateways = Map.copyOf(gateways);
    this.workers = workers;
    this.members = members;
    this.table = new LeaseTable(config.lingerMs(), config.idleTimeoutMs());
  }

  @Override
  public Future<?> start() {
    discovery = new DiscoveryClient(vertx);
    history = new HistoryClient(vertx);
    List<Future<Void>> ready = new ArrayList<>();
    ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.LEASES, this::onLease).completion());
    ready.add(vertx.eventBus().<JsonObject>consumer(Addresses.LEASES_RELEASE_ALL, this::onLease).completion());
    ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.CONTAINERS, this::onContainer).completion());
    for (String host : gateways.keySet()) {
      ready.add(vertx.eventBus().<JsonObject>consumer(Addresses.leases(host), this::onLease).completion());
    }
    // a node killed without a goodbye never releases its sessions' leases: do it for it
    vertx.setPeriodic(MEMBER_CHECK_MS, t -> table.dropHoldersNotOn(members.get(), now()).forEach(this::apply));
    return Future.all(ready);
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private void onLease(Message<JsonObject> msg) {
    LeaseClient.Request req = LeaseClient.Request.of(msg);
    switch (req.op()) {
      case OP_STATUS -> msg.reply(new JsonObject().put(Fields.POLLERS, runningPollers()));
      case OP_COLLECTOR -> msg.reply(collector(req.host()).toJson());
      case OP_COLLECTOR_FAILED -> {
        if (msg.address().equals(Addresses.LEASES)) onCollectorFailed(req.host(), req.error());
      }
      case OP_RELEASE_ALL -> table.releaseAll(req.holder(), now()).forEach(this::apply);
      case OP_RELEASE -> {
        apply(table.release(req.key(), req.holder(), now()));
        msg.reply(null);
      }
      case OP_ACQUIRE, OP_TOUCH -> resolve(req.host(), req.ref())
          .onSuccess(info -> {
            ContainerKey key = new ContainerKey(info.host(), info.id());
            apply(req.op().equals(OP_ACQUIRE) ? table.acquire(key, req.holder(), info.running(), now())
                : table.touch(key, info.running(), now()));
            msg.reply(info.toJson());
          })
          .onFailure(err -> msg.fail(Failures.status(err), Failures.message(err)));
      default -> msg.fail(Failures.BAD_REQUEST, "unknown lease op '" + req.op() + "'");
    }
  }

  private CollectorChoice collector(String host) {
    CollectorChoice c = collectors.get(host);
    return c != null ? c : new CollectorChoice(config.collector().mode(), null, null);
  }

  /** Under {@code auto}, a host whose container files cannot be read turns to the API: its pollers are replaced. */
  private void onCollectorFailed(String host, String why) {
    CollectorChoice before = collectors.get(host);
    if (before == null || !before.cgroup()) return;
    CollectorChoice after = before.failed(why);
    collectors.put(host, after);
    if (after.cgroup()) return;
    pollers.forEach((key, p) -> {
      if (key.host().equals(host) && p.deployment != null) {
        Future<String> old = p.deployment;
        p.deployment = old.compose(vertx::undeploy).otherwiseEmpty().compose(v -> vertx.deployVerticle(poller(key)));
      }
    });
  }

  private PollerVerticle poller(ContainerKey key) {
    return new PollerVerticle(gateways.get(key.host()), workers, key.host(), key.id(), config.pollIntervalMs(),
        config.sampling(), collector(key.host()).source());
  }

  private Future<ContainerInfo> resolve(String host, String ref) {
    if (host == null || !gateways.containsKey(host)) {
      return Failures.notFound("unknown host '" + host + "'");
    }
    return discovery.resolve(host, ref);
  }

  /** Container changes published by discovery: pause on stop, resume on start, forget on destroy. */
  private void onContainer(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String host = body.getString(Fields.HOST);
    if (host == null || !gateways.containsKey(host)) return;
    if ("host".equals(body.getString(Fields.ACTION))) {
      onHost(host, Boolean.TRUE.equals(body.getBoolean(Fields.AVAILABLE)));
      return;
    }
    ContainerKey key = ContainerKey.of(body);
    if (key == null) return;
    if ("destroy".equals(body.getString(Fields.ACTION))) {
      table.remove(key);
      forget(key);
      history.drop(key);
      return;
    }
    apply(table.running(key, "running".equals(body.getString(Fields.STATE)), now()));
  }

  /**
   * An engine that went away takes its pollers with it (no point backing off against a dead socket); when it is back,
   * each wanted container is looked up again, because one that was restarted meanwhile shows no state change.
   */
  private void onHost(String host, boolean available) {
    for (ContainerKey key : table.keysOf(host)) {
      if (!available) {
        apply(table.running(key, false, now()));
      } else {
        resolve(host, key.id()).onSuccess(info -> apply(table.running(key, info.running(), now())));
      }
    }
  }

  /** Makes the pollers match a decision of the table (null: nothing to do). */
  private void apply(LeaseTable.Decision d) {
    if (d == null) return;
    if (d.forget()) {
      forget(d.key());
      return;
    }
    Poller p = pollers.computeIfAbsent(d.key(), k -> new Poller());
    if (d.run() && p.deployment == null) {
      p.deployment = vertx.deployVerticle(poller(d.key()));
    } else if (!d.run()) {
      stopPoller(p);
    }
    vertx.cancelTimer(p.timer);
    p.timer = d.recheckInMs() < 0 ? -1 : vertx.setTimer(d.recheckInMs(), t -> {
      p.timer = -1;
      apply(table.recheck(d.key(), now()));
    });
  }

  private void forget(ContainerKey key) {
    Poller p = pollers.remove(key);
    if (p != null) {
      vertx.cancelTimer(p.timer);
      stopPoller(p);
    }
  }

  private void stopPoller(Poller p) {
    Future<String> deployment = p.deployment;
    p.deployment = null;
    if (deployment != null) {
      deployment.compose(vertx::undeploy);
    }
  }

  private int runningPollers() {
    int n = 0;
    for (Poller p : pollers.values()) {
      if (p.deployment != null) n++;
    }
    return n;
  }
}
