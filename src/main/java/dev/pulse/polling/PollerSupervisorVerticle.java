package dev.pulse.polling;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.ContainerKey;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import dev.pulse.config.PulseConfig;
import dev.pulse.docker.ContainerInfo;
import dev.pulse.docker.DockerGateway;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides which containers are sampled. A container is wanted while a session holds a lease on it, while a REST read
 * touched it within the idle timeout, or during the linger after its last lease went; a wanted, running container
 * has exactly one {@link PollerVerticle}. Leases, timers and deployments live in this verticle's fields, changed only
 * on its event loop, so checking for a poller and deploying one cannot race.
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
  private final Map<ContainerKey, Watch> watches = new HashMap<>();
  private final Map<String, CollectorChoice> collectors;

  /** What this node knows about one container's demand. */
  private static final class Watch {
    final ContainerKey key;
    final String host;
    final String id;
    final Set<String> holders = new HashSet<>();
    long restUntil;
    long lingerUntil;
    boolean running;
    Future<String> poller;
    long timer = -1;

    Watch(ContainerKey key) {
      this.key = key;
      this.host = key.host();
      this.id = key.id();
    }
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
  }

  @Override
  public Future<?> start() {
    List<Future<Void>> ready = new ArrayList<>();
    ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.LEASES, this::onLease).completion());
    ready.add(vertx.eventBus().<JsonObject>consumer(Addresses.LEASES_RELEASE_ALL, this::onLease).completion());
    ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.CONTAINERS, this::onContainer).completion());
    for (String host : gateways.keySet()) {
      ready.add(vertx.eventBus().<JsonObject>consumer(Addresses.leases(host), this::onLease).completion());
    }
    vertx.setPeriodic(MEMBER_CHECK_MS, t -> dropLeasesOfGoneNodes());
    return Future.all(ready);
  }

  /** A node killed without a goodbye never releases its sessions' leases: do it for it. */
  private void dropLeasesOfGoneNodes() {
    Collection<String> alive = members.get();
    for (Watch w : new ArrayList<>(watches.values())) {
      if (w.holders.removeIf(h -> !alive.contains(h.substring(0, Math.max(0, h.lastIndexOf('/')))))) {
        if (w.holders.isEmpty()) w.lingerUntil = System.currentTimeMillis() + config.lingerMs();
        reconcile(w);
      }
    }
  }

  private void onLease(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String op = msg.address().equals(Addresses.LEASES_RELEASE_ALL) ? OP_RELEASE_ALL : body.getString(Fields.OP, "");
    switch (op) {
      case OP_STATUS -> msg.reply(new JsonObject().put(Fields.POLLERS, runningPollers()));
      case OP_COLLECTOR -> msg.reply(collector(body.getString(Fields.HOST)).toJson());
      case OP_COLLECTOR_FAILED -> {
        if (msg.address().equals(Addresses.LEASES)) onCollectorFailed(body.getString(Fields.HOST), body.getString(Fields.ERROR));
      }
      case OP_RELEASE_ALL -> {
        String holder = body.getString(Fields.HOLDER);
        for (Watch w : new ArrayList<>(watches.values())) {
          if (w.holders.remove(holder)) {
            if (w.holders.isEmpty()) w.lingerUntil = System.currentTimeMillis() + config.lingerMs();
            reconcile(w);
          }
        }
      }
      case OP_RELEASE -> {
        Watch w = watches.get(ContainerKey.of(body));
        if (w != null && w.holders.remove(body.getString(Fields.HOLDER))) {
          if (w.holders.isEmpty()) w.lingerUntil = System.currentTimeMillis() + config.lingerMs();
          reconcile(w);
        }
        msg.reply(null);
      }
      case OP_ACQUIRE, OP_TOUCH -> resolve(body.getString(Fields.HOST), body.getString(Fields.ID))
          .onSuccess(info -> {
            Watch w = watches.computeIfAbsent(new ContainerKey(info.host(), info.id()), Watch::new);
            if (op.equals(OP_ACQUIRE)) {
              w.holders.add(body.getString(Fields.HOLDER));
              w.lingerUntil = 0;
            } else {
              w.restUntil = System.currentTimeMillis() + config.idleTimeoutMs();
            }
            w.running = info.running();
            reconcile(w);
            msg.reply(info.toJson());
          })
          .onFailure(err -> msg.fail(Failures.status(err), Failures.message(err)));
      default -> msg.fail(Failures.BAD_REQUEST, "unknown lease op '" + op + "'");
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
    for (Watch w : watches.values()) {
      if (w.host.equals(host) && w.poller != null) {
        Future<String> old = w.poller;
        w.poller = old.compose(vertx::undeploy).otherwiseEmpty().compose(v -> vertx.deployVerticle(poller(w)));
      }
    }
  }

  private PollerVerticle poller(Watch w) {
    return new PollerVerticle(gateways.get(w.host), workers, w.host, w.id, config.pollIntervalMs(), config.sampling(),
        collector(w.host).source());
  }

  private Future<ContainerInfo> resolve(String host, String ref) {
    if (host == null || !gateways.containsKey(host)) {
      return Failures.notFound("unknown host '" + host + "'");
    }
    return vertx.eventBus().<JsonObject>request(Addresses.host(host),
            new JsonObject().put(Fields.OP, "resolve").put(Fields.REF, ref))
        .map(m -> ContainerInfo.fromJson(m.body()));
  }

  /** Container changes published by discovery: pause on stop, resume on start, forget on destroy. */
  private void onContainer(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String host = body.getString(Fields.HOST);
    String id = body.getString(Fields.ID);
    if (host == null || !gateways.containsKey(host)) return;
    if ("host".equals(body.getString(Fields.ACTION))) {
      onHost(host, Boolean.TRUE.equals(body.getBoolean(Fields.AVAILABLE)));
      return;
    }
    ContainerKey key = ContainerKey.orNull(host, id);
    if (key == null) return;
    if ("destroy".equals(body.getString(Fields.ACTION))) {
      Watch w = watches.remove(key);
      if (w != null) {
        vertx.cancelTimer(w.timer);
        stopPoller(w);
      }
      vertx.eventBus().request(Addresses.HISTORY_DROP, key.toJson());
      return;
    }
    Watch w = watches.get(key);
    if (w != null) {
      w.running = "running".equals(body.getString(Fields.STATE));
      reconcile(w);
    }
  }

  /**
   * An engine that went away takes its pollers with it (no point backing off against a dead socket); when it is back,
   * each wanted container is looked up again, because one that was restarted meanwhile shows no state change.
   */
  private void onHost(String host, boolean available) {
    for (Watch w : new ArrayList<>(watches.values())) {
      if (!w.host.equals(host)) continue;
      if (!available) {
        w.running = false;
        reconcile(w);
      } else {
        resolve(host, w.id).onSuccess(info -> {
          if (watches.get(w.key) == w) {
            w.running = info.running();
            reconcile(w);
          }
        });
      }
    }
  }

  private void reconcile(Watch w) {
    long now = System.currentTimeMillis();
    boolean held = !w.holders.isEmpty();
    long until = Math.max(w.restUntil, w.lingerUntil);
    if (!held && now >= until) {
      vertx.cancelTimer(w.timer);
      stopPoller(w);
      watches.remove(w.key);
      return;
    }
    if (w.running && w.poller == null) {
      w.poller = vertx.deployVerticle(poller(w));
    } else if (!w.running) {
      stopPoller(w);
    }
    vertx.cancelTimer(w.timer);
    w.timer = held ? -1 : vertx.setTimer(Math.max(1, until - now), t -> {
      w.timer = -1;
      reconcile(w);
    });
  }

  private void stopPoller(Watch w) {
    Future<String> poller = w.poller;
    w.poller = null;
    if (poller != null) {
      poller.compose(vertx::undeploy);
    }
  }

  private int runningPollers() {
    int n = 0;
    for (Watch w : watches.values()) {
      if (w.poller != null) n++;
    }
    return n;
  }
}
