package dev.pulse.docker;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.ContainerKey;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import dev.pulse.retry.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps one Docker host's container table live: lists the containers, then follows the engine's events, and
 * publishes every change on {@link Addresses#CONTAINERS}. When the engine stops answering, the host turns unavailable
 * (the table is kept, so history stays reachable) and discovery reconnects with backoff, diffing the table on return.
 * Answers {@code info}, {@code list} and {@code resolve} on {@link Addresses#host(String)}.
 */
public final class ContainerDiscoveryVerticle extends VerticleBase {

  public static final String OP_INFO = "info";
  public static final String OP_LIST = "list";
  public static final String OP_RESOLVE = "resolve";

  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
  /** Reconnecting to an engine that went away: 250 ms, doubling to 2 s. */
  static final Backoff RECONNECT = new Backoff(250, 2_000);
  /** Re-list this often: keeps "Up 5 minutes" current and heals any event the stream lost. */
  static final long RESYNC_MS = 30_000;

  private final DockerGateway docker;
  private final WorkerExecutor workers;
  private final String node;
  private final Map<String, ContainerInfo> containers = new LinkedHashMap<>();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ContainerDiscoveryVerticle.class);

  private Context context;
  private boolean available;
  private String error = "not connected yet";
  private String engineVersion;
  private Closeable events;
  private int failures;
  private long retryTimer = -1;
  private long resyncTimer = -1;
  private boolean stopped;
  /** Times the engine became unreachable: an event looked up across one is stale. */
  private int outages;

  public ContainerDiscoveryVerticle(DockerGateway docker, WorkerExecutor workers, String node) {
    this.docker = docker;
    this.workers = workers;
    this.node = node;
  }

  @Override
  public Future<?> start() {
    context = vertx.getOrCreateContext();
    resyncTimer = vertx.setPeriodic(RESYNC_MS, t -> resync());
    // a cluster-wide consumer: host names are unique in the cluster, so this is the one answer for this host
    return vertx.eventBus().<JsonObject>consumer(Addresses.host(docker.name()), this::onRequest).completion()
        .onSuccess(v -> connect());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(retryTimer);
    vertx.cancelTimer(resyncTimer);
    return closeEvents();
  }

  /** Subscribes to events before listing, so no change between the two is missed. */
  private void connect() {
    workers.executeBlocking(() -> {
          String version = docker.version();
          Closeable stream = docker.events(e -> context.runOnContext(v -> onEvent(e)),
              end -> context.runOnContext(v -> onEventsEnded(end)));
          try {
            return new Connected(version, stream, docker.list());
          } catch (RuntimeException e) {
            stream.close();
            throw e;
          }
        }, false)
        .onSuccess(c -> {
          if (stopped) {
            closeQuietly(c.events());
            return;
          }
          events = c.events();
          engineVersion = c.version();
          failures = 0;
          sync(c.containers());
          setAvailable(true, null);
        })
        .onFailure(this::onFailure);
  }

  private void resync() {
    if (!available || stopped) return;
    workers.executeBlocking(docker::list, true).onSuccess(fresh -> {
      if (!stopped && available) sync(fresh);
    }).onFailure(this::onFailure);
  }

  private record Connected(String version, Closeable events, List<ContainerInfo> containers) {}

  private void onEventsEnded(Throwable end) {
    if (stopped) return;
    closeEvents();
    onFailure(end == null ? new IllegalStateException("event stream ended") : end);
  }

  private void onFailure(Throwable err) {
    if (stopped) return;
    failures++;
    setAvailable(false, describe(err));
    vertx.cancelTimer(retryTimer);
    retryTimer = vertx.setTimer(RECONNECT.delayMs(failures), t -> connect());
  }

  private static String describe(Throwable err) {
    Throwable root = err;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String m = root.getMessage();
    return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
  }

  private void setAvailable(boolean now, String why) {
    boolean changed = available != now;
    available = now;
    error = why;
    if (changed && !now) {
      outages++;
      // an unreachable engine may be restarting them: say unknown, not the last state seen (sync tells the truth)
      for (ContainerInfo c : new ArrayList<>(containers.values())) {
        if (!ContainerInfo.UNKNOWN.equals(c.state())) {
          containers.put(c.id(), c.unknown());
          publish(c.unknown(), "update");
        }
      }
    }
    if (changed) {
      if (now) LOG.info("host {} available: engine {}, {} containers", docker.name(), engineVersion, containers.size());
      else LOG.warn("host {} unavailable: {}", docker.name(), why);
      vertx.eventBus().publish(Addresses.CONTAINERS, new JsonObject().put(Fields.HOST, docker.name())
          .put(Fields.ACTION, "host").put(Fields.AVAILABLE, now).put(Fields.ERROR, why).put(Fields.NODE, node));
    }
  }

  /** Replaces the table by a fresh list and publishes what changed while we were not looking. */
  private void sync(List<ContainerInfo> fresh) {
    Map<String, ContainerInfo> next = new LinkedHashMap<>();
    for (ContainerInfo c : fresh) next.put(c.id(), c);
    for (ContainerInfo old : new ArrayList<>(containers.values())) {
      if (!next.containsKey(old.id())) {
        containers.remove(old.id());
        publish(old, "destroy");
      }
    }
    for (ContainerInfo c : next.values()) {
      ContainerInfo old = containers.put(c.id(), c);
      if (old == null) publish(c, "create");
      else if (ContainerInfo.UNKNOWN.equals(old.state())) publish(c, "update"); // back from an outage
      else if (!old.state().equals(c.state())) publish(c, c.running() ? "start" : "die");
      else if (!old.name().equals(c.name()) || !old.image().equals(c.image())) publish(c, "update");
      // a Status that only aged ("Up 5 minutes" → "Up 6 minutes") is refreshed without a push
    }
  }

  private void onEvent(ContainerEvent e) {
    if (stopped || !e.relevant()) return;
    if ("destroy".equals(e.action())) {
      ContainerInfo gone = containers.remove(e.id());
      if (gone != null) publish(gone, "destroy");
      return;
    }
    // ordered, so a quick start → die is applied in order
    int epoch = outages;
    workers.executeBlocking(() -> docker.find(e.id()), true)
        .onSuccess(found -> {
          // looked up before the engine went away: stale, and the re-list on its return tells the truth
          if (epoch != outages) return;
          if (found.isEmpty()) {
            ContainerInfo gone = containers.remove(e.id());
            if (gone != null) publish(gone, "destroy");
          } else {
            containers.put(e.id(), found.get());
            publish(found.get(), e.action());
          }
        })
        .onFailure(this::onFailure);
  }

  private void publish(ContainerInfo c, String action) {
    JsonObject change = c.toJson().put(Fields.ACTION, action);
    if ("destroy".equals(action)) change.put(Fields.STATE, "removed");
    vertx.eventBus().publish(Addresses.CONTAINERS, change);
  }

  private void onRequest(Message<JsonObject> msg) {
    String op = msg.body() == null ? "" : msg.body().getString(Fields.OP, "");
    switch (op) {
      case OP_INFO -> msg.reply(new JsonObject().put(Fields.NAME, docker.name()).put(Fields.AVAILABLE, available)
          .put(Fields.NODE, node).put("Engine", engineVersion).put(Fields.CONTAINERS, containers.size())
          .put(Fields.ERROR, error));
      case OP_LIST -> {
        JsonArray list = new JsonArray();
        containers.values().forEach(c -> list.add(c.toJson()));
        msg.reply(new JsonObject().put(Fields.CONTAINERS, list).put(Fields.AVAILABLE, available));
      }
      case OP_RESOLVE -> {
        String ref = msg.body().getString(Fields.REF);
        try {
          msg.reply(resolve(ref).toJson());
        } catch (ResolveException e) {
          msg.fail(e.code, e.getMessage());
        }
      }
      default -> msg.fail(Failures.BAD_REQUEST, "unknown host op '" + op + "'");
    }
  }

  /** A full id, a unique prefix of at least 12 hex digits, or a name (with or without the leading slash). */
  private ContainerInfo resolve(String ref) {
    if (ref == null || ref.isEmpty()) throw new ResolveException(Failures.BAD_REQUEST, "container reference is empty");
    String r = ref.startsWith("/") ? ref.substring(1) : ref;
    if (ContainerKey.isFullId(r) && containers.containsKey(r)) return containers.get(r);
    if (r.length() >= 12 && HEX.matcher(r).matches()) {
      List<ContainerInfo> matches = containers.values().stream().filter(c -> c.id().startsWith(r)).toList();
      if (matches.size() == 1) return matches.get(0);
      if (matches.size() > 1) {
        throw new ResolveException(Failures.BAD_REQUEST, "id prefix '" + r + "' matches " + matches.size()
            + " containers on host '" + docker.name() + "'");
      }
    }
    for (ContainerInfo c : containers.values()) {
      if (c.name().equals(r)) return c;
    }
    throw new ResolveException(Failures.NOT_FOUND, "no container '" + ref + "' on host '" + docker.name() + "'");
  }

  private static final class ResolveException extends RuntimeException {
    final int code;

    ResolveException(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private Future<Void> closeEvents() {
    Closeable e = events;
    events = null;
    if (e == null) return Future.succeededFuture();
    return closeQuietly(e);
  }

  private Future<Void> closeQuietly(Closeable c) {
    return workers.<Void>executeBlocking(() -> {
      c.close();
      return null;
    }, false).recover(err -> Future.succeededFuture());
  }
}
