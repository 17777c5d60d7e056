package dev.pulse.command;

import dev.pulse.bus.Actions;
import dev.pulse.bus.Addresses;
import dev.pulse.bus.ContainerKey;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import dev.pulse.cluster.HostRegistry;
import dev.pulse.config.PulseConfig;
import dev.pulse.docker.DiscoveryClient;
import dev.pulse.docker.ContainerInfo;
import dev.pulse.metrics.HistoryClient;
import dev.pulse.polling.LeaseClient;
import dev.pulse.session.SessionClient;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Answers {@link Addresses#COMMAND}: the one entry point of the bridge, which the REST API uses as well, so both
 * answer the same bodies and the same errors. Validates every argument before anything else sees it.
 */
public final class CommandVerticle extends VerticleBase {

  private static final DeliveryOptions INTERNAL = new DeliveryOptions().setSendTimeout(10_000);

  private static final DeliveryOptions PROBE = new DeliveryOptions().setSendTimeout(3_000);

  private final PulseConfig config;
  private final HostRegistry registry;
  private LeaseClient leases;
  private LeaseClient probeLeases;
  private DiscoveryClient probeHosts;
  private DiscoveryClient hosts;
  private HistoryClient history;
  private SessionClient sessions;

  /** @param registry every Docker host of the cluster and its owner (only this node's when not clustered) */
  public CommandVerticle(PulseConfig config, HostRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    leases = new LeaseClient(vertx, INTERNAL);
    probeLeases = new LeaseClient(vertx, PROBE);
    probeHosts = new DiscoveryClient(vertx, PROBE);
    hosts = new DiscoveryClient(vertx, INTERNAL);
    history = new HistoryClient(vertx, INTERNAL);
    sessions = new SessionClient(vertx, INTERNAL);
    return vertx.eventBus().<Object>localConsumer(Addresses.COMMAND, this::onCommand).completion();
  }

  private void onCommand(Message<Object> msg) {
    Future<JsonObject> result;
    try {
      result = dispatch(msg);
    } catch (RuntimeException e) {
      result = Failures.badRequest("malformed command: " + e.getMessage());
    }
    result.onSuccess(msg::reply).onFailure(err -> msg.fail(Failures.status(err), Failures.message(err)));
  }

  private Future<JsonObject> dispatch(Message<Object> msg) {
    if (!(msg.body() instanceof JsonObject body)) {
      return Failures.badRequest("a command is a JSON object {\"Action\": ..., \"Args\": {...}}");
    }
    Object action = body.getValue(Fields.ACTION);
    if (!(action instanceof String name)) return Failures.badRequest("Action must be a string");
    Object rawArgs = body.getValue(Fields.ARGS);
    if (rawArgs != null && !(rawArgs instanceof JsonObject)) return Failures.badRequest("Args must be an object");
    JsonObject args = rawArgs == null ? new JsonObject() : (JsonObject) rawArgs;
    return switch (name) {
      case Actions.STATUS -> status();
      case Actions.HOSTS_LIST -> hosts();
      case Actions.CONTAINERS_LIST -> containers();
      case Actions.CONTAINER_METRICS -> metrics(args, msg.headers().get(Fields.SESSION_HEADER));
      case Actions.HOST_SUMMARY -> hostSummary(args, msg.headers().get(Fields.SESSION_HEADER));
      default -> Failures.badRequest("unknown action '" + truncate(name) + "'");
    };
  }

  private static String truncate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }

  private Future<JsonObject> status() {
    Future<Integer> pollers = leases.pollers();
    Future<Integer> sessions = this.sessions.count();
    Future<JsonObject> history = this.history.state();
    Future<JsonObject> cost = this.history.cost();
    return Future.all(pollers, sessions, history, cost).map(v -> new JsonObject()
        .put(Fields.NODE, config.nodeId())
        .put(Fields.POLLERS, pollers.result())
        .put(Fields.SESSIONS, sessions.result())
        .put("PollIntervalMs", config.pollIntervalMs())
        .put("BufferSize", config.bufferSize())
        .put("LingerMs", config.lingerMs())
        .put("IdleTimeoutMs", config.idleTimeoutMs())
        .put("Sampling", config.sampling().name().toLowerCase())
        .put(Fields.HOSTS, config.dockerHosts().size())
        .put(Fields.HISTORY, history.result().getString(Fields.HISTORY))
        .put(Fields.HISTORY_ERROR, history.result().getString(Fields.HISTORY_ERROR))
        .put(Fields.COST, cost.result()));
  }

  /** Every host of the cluster; a host whose node is gone or does not answer is listed as unavailable. */
  private Future<JsonObject> hosts() {
    return registry.hosts().compose(owners -> {
      List<Future<JsonObject>> infos = new ArrayList<>();
      owners.forEach((name, owner) -> {
        JsonObject down = new JsonObject().put(Fields.NAME, name).put(Fields.AVAILABLE, false)
            .put(Fields.NODE, owner.node()).put(Fields.CONTAINERS, 0)
            .put(Fields.ERROR, "node " + owner.node() + " is not in the cluster");
        down.put(Fields.COLLECTOR, null).put(Fields.COLLECTOR_ERROR, null);
        infos.add(!owner.alive() ? Future.succeededFuture(down)
            : withCollector(name, probeHosts.info(name))
                .recover(err -> Future.succeededFuture(down.put(Fields.ERROR,
                    "node " + owner.node() + " does not answer: " + Failures.message(err)))));
      });
      return Future.join(infos).map(v -> {
        JsonArray out = new JsonArray();
        infos.forEach(f -> out.add(f.result()));
        return new JsonObject().put(Fields.HOSTS, out);
      });
    });
  }

  /** Adds {@code Collector} and {@code CollectorError}, which the owning node's poller supervisor knows. */
  private Future<JsonObject> withCollector(String host, Future<JsonObject> info) {
    Future<JsonObject> collector = probeLeases.collector(host)
        .recover(err -> Future.succeededFuture(new JsonObject().put(Fields.COLLECTOR, null)
            .put(Fields.COLLECTOR_ERROR, "collector unknown: " + Failures.message(err))));
    return Future.all(info, collector).map(v -> info.result().mergeIn(collector.result()));
  }

  private Future<JsonObject> containers() {
    return registry.hosts().compose(owners -> {
      List<Future<JsonObject>> lists = new ArrayList<>();
      owners.forEach((name, owner) -> {
        if (owner.alive()) {
          lists.add(probeHosts.list(name).map(DiscoveryClient.Listing::toJson)
              .recover(err -> Future.succeededFuture(new JsonObject().put(Fields.CONTAINERS, new JsonArray()))));
        }
      });
      return merge(lists);
    });
  }

  private static Future<JsonObject> merge(List<Future<JsonObject>> lists) {
    return Future.join(lists).map(v -> {
      List<JsonObject> all = new ArrayList<>();
      for (Future<JsonObject> f : lists) {
        f.result().getJsonArray(Fields.CONTAINERS).forEach(o -> all.add((JsonObject) o));
      }
      all.sort(Comparator.comparing((JsonObject c) -> c.getString(Fields.HOST))
          .thenComparing(c -> c.getString(Fields.NAME)));
      return new JsonObject().put(Fields.CONTAINERS, new JsonArray(new ArrayList<>(all)));
    });
  }

  /**
   * History of one container since {@code From}; also makes the asker watch it: a bridge session takes a lease, a
   * REST caller touches the idle timeout.
   */
  private Future<JsonObject> metrics(JsonObject args, String session) {
    String hostName;
    String ref;
    long from;
    try {
      hostName = CommandArgs.host(args);
      ref = CommandArgs.ref(args);
      from = CommandArgs.from(args);
    } catch (IllegalArgumentException e) {
      return Failures.badRequest(e.getMessage());
    }
    return onOwner(hostName, () -> {
      Future<ContainerInfo> watched = session != null ? sessions.watch(session, hostName, ref)
          : leases.touch(hostName, ref);
      return watched.compose(info -> history(hostName, from, info));
    });
  }

  /**
   * The list's backfill for one host: the newest points of every running container (sparklines and the row's values
   * before the next {@code pulse.summary.<host>} push). A bridge session also watches each of them, as
   * {@code container.metrics} would one: the summary carries what runs, and what the list shows runs because the list
   * watches it, as {@code docker stats} shows every running container. The leases are the session's and go with it.
   * {@code Ids} (optional) narrows it to those containers: the page asks so for containers that just started.
   */
  private Future<JsonObject> hostSummary(JsonObject args, String session) {
    String hostName;
    Set<String> wanted;
    try {
      hostName = CommandArgs.host(args);
      wanted = CommandArgs.ids(args);
    } catch (IllegalArgumentException e) {
      return Failures.badRequest(e.getMessage());
    }
    return onOwner(hostName, () -> hosts.list(hostName).compose(listed -> {
          JsonArray running = new JsonArray();
          for (ContainerInfo c : listed.containers()) {
            if (c.running() && (wanted == null || wanted.contains(c.id()))) running.add(c.id());
          }
          List<Future<ContainerInfo>> leases = new ArrayList<>();
          if (session != null) {
            for (Object id : running) leases.add(sessions.watch(session, hostName, (String) id));
          }
          // a container gone meanwhile fails its lease alone; the rest are watched
          return Future.join(leases).transform(v -> history.recent(hostName, running));
        })
        .map(recent -> new JsonObject().put(Fields.HOST, hostName).mergeIn(recent)));
  }

  /** {@code work} when the host's node is in the cluster, else the error that says why it cannot be asked. */
  private Future<JsonObject> onOwner(String hostName, Supplier<Future<JsonObject>> work) {
    return registry.owner(hostName).compose(owner -> {
      if (owner == null) return Failures.notFound("unknown host '" + hostName + "'");
      if (!owner.alive()) return Failures.unavailable("host '" + hostName + "' is on node " + owner.node()
          + ", which is not in the cluster");
      return work.get();
    });
  }

  private Future<JsonObject> history(String hostName, long from, ContainerInfo info) {
    return history.read(new ContainerKey(hostName, info.id()), from)
        .map(history -> history
            // null while the host's engine is unreachable: whether it runs is not known
            .put(Fields.IS_RUNNING, ContainerInfo.UNKNOWN.equals(info.state()) ? null : info.running())
            .put(Fields.HOST, hostName)
            .put(Fields.ID, info.id()));
  }
}
