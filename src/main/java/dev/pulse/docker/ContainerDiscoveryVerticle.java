package dev.pulse.docker;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import dev.pulse.retry.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.io.Closeable;
import java.util.List;

/**
 * Keeps one Docker host's container table live: lists the containers, then follows the engine's events, and
 * publishes every change on {@link Addresses#CONTAINERS}. When the engine stops answering, the host turns unavailable
 * (the table is kept, so history stays reachable) and discovery reconnects with backoff, diffing the table on return.
 * Answers {@code info}, {@code list} and {@code resolve} on {@link Addresses#host(String)}. What each list and event
 * means (which changes to publish, which container a reference names) is decided by its {@link ContainerTable}.
 */
public final class ContainerDiscoveryVerticle extends VerticleBase {

  public static final String OP_INFO = "info";
  public static final String OP_LIST = "list";
  public static final String OP_RESOLVE = "resolve";

  /** Reconnecting to an engine that went away: 250 ms, doubling to 2 s. */
  static final Backoff RECONNECT = new Backoff(250, 2_000);
  /** Re-list this often: keeps "Up 5 minutes" current and heals any event the stream lost. */
  static final long RESYNC_MS = 30_000;

  private final DockerGateway docker;
  private final WorkerExecutor workers;
  private final String node;
  private final ContainerTable table;
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
    this.table = new ContainerTable(docker.name());
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
          publish(table.sync(c.containers()));
          setAvailable(true, null);
        })
        .onFailure(this::onFailure);
  }

  private void resync() {
    if (!available || stopped) return;
    workers.executeBlocking(docker::list, true).onSuccess(fresh -> {
      if (!stopped && available) publish(table.sync(fresh));
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
      publish(table.unknown());
    }
    if (changed) {
      if (now) LOG.info("host {} available: engine {}, {} containers", docker.name(), engineVersion, table.size());
      else LOG.warn("host {} unavailable: {}", docker.name(), why);
      vertx.eventBus().publish(Addresses.CONTAINERS, new JsonObject().put(Fields.HOST, docker.name())
          .put(Fields.ACTION, "host").put(Fields.AVAILABLE, now).put(Fields.ERROR, why).put(Fields.NODE, node));
    }
  }

  private void onEvent(ContainerEvent e) {
    if (stopped || !e.relevant()) return;
    if (ContainerTable.DESTROY.equals(e.action())) {
      publish(table.destroyed(e.id()));
      return;
    }
    // ordered, so a quick start → die is applied in order
    int epoch = outages;
    workers.executeBlocking(() -> docker.find(e.id()), true)
        .onSuccess(found -> {
          // looked up before the engine went away: stale, and the re-list on its return tells the truth
          if (epoch == outages) publish(table.looked(e.id(), found, e.action()));
        })
        .onFailure(this::onFailure);
  }

  private void publish(List<ContainerTable.Change> changes) {
    for (ContainerTable.Change c : changes) vertx.eventBus().publish(Addresses.CONTAINERS, c.toJson());
  }

  private void onRequest(Message<JsonObject> msg) {
    String op = msg.body() == null ? "" : msg.body().getString(Fields.OP, "");
    switch (op) {
      case OP_INFO -> msg.reply(new JsonObject().put(Fields.NAME, docker.name()).put(Fields.AVAILABLE, available)
          .put(Fields.NODE, node).put("Engine", engineVersion).put(Fields.CONTAINERS, table.size())
          .put(Fields.ERROR, error));
      case OP_LIST -> msg.reply(DiscoveryClient.Listing.toJson(available, table.containers()));
      case OP_RESOLVE -> {
        String ref = msg.body().getString(Fields.REF);
        try {
          msg.reply(table.resolve(ref).toJson());
        } catch (ContainerTable.NotFound e) {
          msg.fail(e.code, e.getMessage());
        }
      }
      default -> msg.fail(Failures.BAD_REQUEST, "unknown host op '" + op + "'");
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
