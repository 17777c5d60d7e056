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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Answers {@link Addresses#COMMAND}: the one entry point of the bridge, which the REST API uses as well, so both
 * answer the same bodies and the same errors. Validates every argument before anything else sees it.
 */
public final class CommandVerticle extends VerticleBase {

  /** Container ids, id prefixes and names as Docker allows them. */
  public static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final DeliveryOptions INTERNAL = new DeliveryOptions().setSendTimeout(10_000);

  /** Ids a {@code host.summary} may name (a bridge frame of 16 KiB holds about 230). */
  private static final int MAX_IDS = 1_000;

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
    Object host = args.getValue(Fields.HOST);
    if (!(host instanceof String hostName) || !ContainerKey.isHostName(hostName)) {
      return Failures.badRequest("Host must be a host name");
    }
    Object ref = args.getValue(Fields.ID);
    if (!(ref instanceof String refText) || !REF.matcher(refText).matches()) {
      return Failures.badRequest("Id must be a container id, an id prefix of 12+ hex digits, or a name");
    }
    long from;
    try {
      from = parseFrom(args.getValue(Fields.FROM));
    } catch (IllegalArgumentException e) {
      return Failures.badRequest(e.getMessage());
    }
    long cursor = from;
    return registry.owner(hostName).compose(owner -> {
      if (owner == null) return Failures.notFound("unknown host '" + hostName + "'");
      if (!owner.alive()) return Failures.unavailable("host '" + hostName + "' is on node " + owner.node()
          + ", which is not in the cluster");
      Future<ContainerInfo> watched = session != null ? sessions.watch(session, hostName, refText)
          : leases.touch(hostName, refText);
      return watched.compose(info -> history(hostName, cursor, info));
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
    Object host = args.getValue(Fields.HOST);
    if (!(host instanceof String hostName) || !ContainerKey.isHostName(hostName)) {
      return Failures.badRequest("Host must be a host name");
    }
    Object rawIds = args.getValue(Fields.IDS);
    Set<String> only = null;
    if (rawIds != null) {
      if (!(rawIds instanceof JsonArray ids) || ids.size() > MAX_IDS
          || !ids.stream().allMatch(id -> id instanceof String text && ContainerKey.isFullId(text))) {
        return Failures.badRequest("Ids must be an array of at most " + MAX_IDS + " full container ids");
      }
      only = new HashSet<>();
      for (Object id : ids) only.add((String) id);
    }
    Set<String> wanted = only;
    return registry.owner(hostName).compose(owner -> {
      if (owner == null) return Failures.notFound("unknown host '" + hostName + "'");
      if (!owner.alive()) return Failures.unavailable("host '" + hostName + "' is on node " + owner.node()
          + ", which is not in the cluster");
      return hosts.list(hostName).compose(listed -> {
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
          .map(recent -> new JsonObject().put(Fields.HOST, hostName).mergeIn(recent));
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

  /** {@code From}: absent means 0; otherwise a whole JSON number ≥ 0. */
  public static long parseFrom(Object value) {
    String problem = "From must be a non-negative integer";
    if (value == null) return 0;
    if (value instanceof Integer || value instanceof Long) {
      long v = ((Number) value).longValue();
      if (v < 0) throw new IllegalArgumentException(problem);
      return v;
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (d < 0 || d != Math.rint(d) || d > Long.MAX_VALUE) throw new IllegalArgumentException(problem);
      return (long) d;
    }
    throw new IllegalArgumentException(problem);
  }
}
