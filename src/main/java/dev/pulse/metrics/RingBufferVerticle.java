package dev.pulse.metrics;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.ContainerKey;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import dev.pulse.docker.DiscoveryClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one history store of this node. Numbers every sample the pollers send, keeps it in the container's
 * {@link RingBuffer}, and publishes it as a MetricPoint to {@code pulse.internal.points.<host>.<id>}, whence each
 * node's {@link dev.pulse.session.MetricsFanout} pushes it to the browsers registered for
 * {@code pulse.metrics.<host>.<id>}. History outlives pollers; only a removed container's history is dropped.
 *
 * <p>With a data directory each buffer lives in a memory-mapped {@link RingFile}, {@code <dataDir>/<host>/<id>.ring}:
 * loaded at start-up (so {@code seq} continues and the time Pulse was down is a gap in the timestamps), deleted with
 * its container, and deleted at start-up once discovery has listed the host without it. Appends and reads are memory
 * accesses and stay on this event loop; creating, deleting, syncing and loading files run on a worker, ordered, and
 * only their results come back to the loop. A new container is held on the heap until its file exists; a file that
 * cannot be made (full or read-only disk) leaves it there, retried every sync, and {@code status} says so.
 *
 * <p>This verticle is the only owner of the buffers and files: plain fields, touched only on its event loop, no locks.
 */
public final class RingBufferVerticle extends VerticleBase {

  public static final String DISK = "disk";
  public static final String MEMORY = "memory";
  /** How often the files appended to are synced to the disk: what a power loss can take at most, plus one round. */
  public static final long SYNC_MS = 5_000;
  /** Points per container a {@code host.summary} backfill carries at most: the list's sparklines. */
  public static final int RECENT_POINTS = 60;

  private final int capacity;
  private final List<String> hosts;
  private final Path dataDir;
  private final long syncMs;
  private final long summaryMs;
  /** Per owned host: the newest point of each container sampled since the last summary was published. */
  private final Map<String, JsonObject> pending = new HashMap<>();
  private final Map<ContainerKey, History> buffers = new HashMap<>();
  private final Set<Future<?>> inFlight = new HashSet<>();
  /** The locked {@code .lock} of each host directory this process owns; files are only made in those. */
  private final Map<String, FileChannel> owned = new HashMap<>();
  private String error;
  private long syncTimer = -1;
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private CostMeter cost;

  /** One container's history and where it lives. */
  private static final class History {
    final ContainerKey key;
    /** Where its points are published, made once rather than per point. */
    final String pointsAddress;
    RingBuffer buffer;
    /** Null while the buffer is on the heap only. */
    Path file;
    /** A worker is making its file. */
    boolean creating;
    /** Appended to since the last sync. */
    boolean dirty;
    /** Loaded at start-up; discovery has not yet listed the container. */
    boolean unconfirmed;

    History(ContainerKey key, RingBuffer buffer, Path file) {
      this.key = key;
      this.pointsAddress = Addresses.points(key.host(), key.id());
      this.buffer = buffer;
      this.file = file;
    }
  }

  /** History in memory only. */
  public RingBufferVerticle(int capacity, List<String> hosts) {
    this(capacity, hosts, null, SYNC_MS);
  }

  /**
   * @param hosts the Docker hosts this node owns: their history reads may come from any node of a cluster
   * @param dataDir where the rings live, or null for memory only
   * @param syncMs how often appended files are synced to the disk
   */
  public RingBufferVerticle(int capacity, List<String> hosts, Path dataDir, long syncMs) {
    this(capacity, hosts, dataDir, syncMs, 0);
  }

  /** @param summaryMs how often each host's summary is published on {@code pulse.summary.<host>}; 0 for never */
  public RingBufferVerticle(int capacity, List<String> hosts, Path dataDir, long syncMs, long summaryMs) {
    this.summaryMs = summaryMs;
    this.capacity = capacity;
    this.hosts = List.copyOf(hosts);
    this.dataDir = dataDir;
    this.syncMs = syncMs;
  }

  @Override
  public Future<?> start() {
    Future<Void> loaded = dataDir == null ? Future.succeededFuture() : load();
    return loaded.compose(v -> {
      List<Future<Void>> ready = new ArrayList<>();
      cost = new CostMeter(System.nanoTime(), os.getProcessCpuTime());
      vertx.setPeriodic(CostMeter.STEP_NANOS / 1_000_000, t -> cost.mark(System.nanoTime(), os.getProcessCpuTime()));
      ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.COST, m ->
          m.reply(cost.cost(System.nanoTime(), os.getProcessCpuTime()))).completion());
      SampleBatch.registerCodec(vertx.eventBus());
      ready.add(vertx.eventBus().localConsumer(Addresses.SAMPLES, this::onSample).completion());
      ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.HISTORY_DROP, this::onDrop).completion());
      ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.HISTORY_STATE, this::onState).completion());
      ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.CONTAINERS, this::onContainers).completion());
      for (String host : hosts) {
        ready.add(vertx.eventBus().<JsonObject>consumer(Addresses.history(host), this::onHistory).completion());
        ready.add(vertx.eventBus().<JsonObject>consumer(Addresses.recent(host), this::onRecent).completion());
        pending.put(host, new JsonObject());
      }
      if (summaryMs > 0) vertx.setPeriodic(summaryMs, t -> publishSummaries());
      if (dataDir != null) syncTimer = vertx.setPeriodic(syncMs, t -> syncAndRetry());
      return Future.all(ready);
    });
  }

  /**
   * A clean stop lets the file work under way finish (a buffer being moved to its new file gets there), then syncs
   * every file, so a SIGTERM loses nothing even to a power loss right after it.
   */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(syncTimer);
    return Future.join(new ArrayList<>(inFlight)).transform(v -> {
      List<Path> files = new ArrayList<>();
      buffers.values().forEach(h -> {
        if (h.file != null) files.add(h.file);
      });
      return files.isEmpty() ? Future.succeededFuture() : sync(files);
    }).eventually(() -> {
      List<FileChannel> locks = new ArrayList<>(owned.values());
      owned.clear();
      return locks.isEmpty() ? Future.succeededFuture() : blocking(() -> {
        locks.forEach(HistoryFiles::closeQuietly);
        return null;
      });
    });
  }

  /**
   * Runs file work on a worker, in the order submitted (a file is made before it is deleted); {@link #stop()} waits
   * for what is under way. Handlers added to the result run on this event loop.
   */
  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    Future<T> f = vertx.executeBlocking(work, true);
    inFlight.add(f);
    f.onComplete(ar -> inFlight.remove(f));
    return f;
  }

  /** Null for a host or id that is not valid: no buffer has such a key. */
  private static ContainerKey key(String host, String id) {
    return ContainerKey.orNull(host, id);
  }

  private Future<Void> load() {
    long now = System.currentTimeMillis();
    return vertx.executeBlocking(() -> {
      List<HistoryFiles.HostLoad> loads = new ArrayList<>();
      for (String host : hosts) loads.add(HistoryFiles.load(dataDir, host, capacity, now));
      return loads;
    }, true).map(loads -> {
      for (HistoryFiles.HostLoad load : loads) {
        load.log().forEach(RingBufferVerticle::log);
        if (load.error() != null) fail(load.error());
        if (load.lock() != null) owned.put(load.host(), load.lock());
        load.rings().forEach((id, ring) -> {
          History h = new History(new ContainerKey(load.host(), id), RingBuffer.over(ring), ring.path());
          h.unconfirmed = true;
          buffers.put(h.key, h);
        });
      }
      return null;
    });
  }

  /** The pollers send a {@link SampleBatch} per event loop and round; one sample as JSON is taken too. */
  private void onSample(Message<Object> msg) {
    if (msg.body() instanceof SampleBatch batch) {
      // the pollers' keys were checked when the pollers were made
      for (SampleBatch.Item item : batch.items()) append(item.key(), item.sample());
    } else if (msg.body() instanceof JsonObject body) {
      ContainerKey key = key(body.getString(Fields.HOST), body.getString(Fields.ID));
      if (key != null) append(key, Sample.fromJson(body)); // else no container has it
    }
  }

  private void append(ContainerKey key, Sample sample) {
    History h = buffers.get(key);
    if (h == null) {
      h = new History(key, new RingBuffer(capacity), null);
      buffers.put(key, h);
      makeFile(h);
    }
    long seq = h.buffer.append(sample);
    h.dirty = true;
    cost.sample();
    JsonObject point = sample.toPoint(seq);
    vertx.eventBus().publish(h.pointsAddress, point);
    JsonObject summary = pending.get(key.host());
    if (summary != null) summary.put(key.id(), point);
  }

  /**
   * Publishes each host's summary: the newest point of every container sampled since the last one (the pollers that
   * run, i.e. what someone watches), cluster-wide, so a browser on any node gets it with one registration per host.
   * Nothing is published for a host with no new point.
   */
  private void publishSummaries() {
    pending.replaceAll((host, points) -> {
      if (!points.isEmpty()) {
        vertx.eventBus().publish(Addresses.summary(host),
            new JsonObject().put(Fields.HOST, host).put(Fields.POINTS, points));
        return new JsonObject();
      }
      return points;
    });
  }

  /**
   * {@code {Host, Ids}} → {@code {Points: {id: recent columns}, Newest: {id: MetricPoint}}} for the ids that have
   * points: at most {@link #RECENT_POINTS} points each.
   */
  private void onRecent(Message<JsonObject> msg) {
    String host = msg.body().getString(Fields.HOST);
    JsonArray ids = msg.body().getJsonArray(Fields.IDS, new JsonArray());
    JsonObject points = new JsonObject();
    JsonObject newest = new JsonObject();
    for (Object id : ids) {
      History h = buffers.get(key(host, String.valueOf(id)));
      if (h == null || h.buffer.size() == 0) continue;
      long last = h.buffer.nextSeq() - 1;
      points.put(h.key.id(), h.buffer.recent(RECENT_POINTS));
      newest.put(h.key.id(), h.buffer.get(last).toPoint(last));
    }
    msg.reply(new JsonObject().put(Fields.POINTS, points).put(Fields.NEWEST, newest));
  }

  /**
   * Moves a heap buffer into a new file, made on a worker. A file already there that was not loaded at start-up (the
   * directory was unreadable then) is set aside rather than overwritten.
   */
  private void makeFile(History h) {
    if (h.creating || h.file != null || !owned.containsKey(h.key.host())) {
      return;
    }
    h.creating = true;
    Path dir = HistoryFiles.hostDir(dataDir, h.key.host());
    Path path = RingFile.path(dir, h.key.id());
    long now = System.currentTimeMillis();
    blocking(() -> {
      Files.createDirectories(dir);
      if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        log(path + ": was not loaded at start-up; set aside as " + HistoryFiles.setAside(path, now).getFileName());
      }
      return RingFile.create(path, h.key.host(), h.key.id(), capacity);
    }).onComplete(ar -> {
      h.creating = false;
      if (buffers.get(h.key) != h) {
        if (ar.succeeded()) delete(path);
        return;
      }
      if (ar.failed()) {
        fail(path + ": " + HistoryFiles.describe(ar.cause()));
        return;
      }
      h.buffer = h.buffer.moveTo(ar.result());
      h.file = path;
      h.dirty = true;
      if (error != null && buffers.values().stream().allMatch(b -> b.file != null)) {
        log("every history is on disk again");
        error = null;
      }
    });
  }

  /** Syncs what was appended since the last round; retries files for buffers held in memory after a failure. */
  private void syncAndRetry() {
    List<Path> dirty = new ArrayList<>();
    for (History h : buffers.values()) {
      if (h.file != null && h.dirty) {
        dirty.add(h.file);
        h.dirty = false;
      } else if (h.file == null && error != null) {
        makeFile(h);
      }
    }
    if (!dirty.isEmpty()) sync(dirty);
  }

  private Future<Void> sync(List<Path> files) {
    return this.<Void>blocking(() -> {
      for (Path f : files) RingFile.sync(f);
      return null;
    }).recover(err -> {
      fail("sync: " + HistoryFiles.describe(err));
      return Future.succeededFuture();
    });
  }

  private void delete(Path file) {
    this.<Void>blocking(() -> {
      Files.deleteIfExists(file);
      return null;
    }).onFailure(err -> log(file + ": not deleted: " + HistoryFiles.describe(err)));
  }

  /** {@code {Host, Id, From}} → {@code {Metrics, From}}; a container never sampled has no points and From 0. */
  private void onHistory(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    long from = body.getLong(Fields.FROM, 0L);
    if (from < 0) {
      msg.fail(Failures.BAD_REQUEST, "From must be a non-negative integer");
      return;
    }
    History h = buffers.get(key(body.getString(Fields.HOST), body.getString(Fields.ID)));
    if (h == null) {
      msg.reply(new JsonObject().put(Fields.METRICS, RingBuffer.empty()).put(Fields.FROM, 0L));
      return;
    }
    msg.reply(new JsonObject().put(Fields.METRICS, h.buffer.read(from)).put(Fields.FROM, h.buffer.nextSeq()));
  }

  private void onDrop(Message<JsonObject> msg) {
    drop(msg.body().getString(Fields.HOST), msg.body().getString(Fields.ID));
    msg.reply(null);
  }

  private void drop(String host, String id) {
    History h = buffers.remove(key(host, id));
    JsonObject summary = pending.get(host);
    if (summary != null) summary.remove(id);
    // a file still being made is deleted when it is done (makeFile sees the buffer gone)
    if (h != null && h.file != null) delete(h.file);
  }

  /** {@code {History, HistoryError}} for {@code status}. */
  private void onState(Message<JsonObject> msg) {
    msg.reply(new JsonObject().put(Fields.HISTORY, dataDir != null && error == null ? DISK : MEMORY)
        .put(Fields.HISTORY_ERROR, error));
  }

  /** A host of this node listed by discovery: the files loaded for containers it no longer has are deleted. */
  private void onContainers(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String host = body.getString(Fields.HOST);
    if (!"host".equals(body.getString(Fields.ACTION)) || !Boolean.TRUE.equals(body.getBoolean(Fields.AVAILABLE))
        || !hosts.contains(host) || buffers.values().stream().noneMatch(h -> h.unconfirmed && h.key.host().equals(host))) {
      return;
    }
    new DiscoveryClient(vertx).list(host).onSuccess(reply -> {
          if (!reply.available()) return;
          Set<String> listed = new HashSet<>();
          reply.containers().forEach(c -> listed.add(c.id()));
          for (History h : new ArrayList<>(buffers.values())) {
            if (!h.unconfirmed || !h.key.host().equals(host)) continue;
            h.unconfirmed = false;
            if (!listed.contains(h.key.id())) {
              log(h.key + ": the container no longer exists; its history is deleted");
              drop(host, h.key.id());
            }
          }
        });
  }

  private void fail(String why) {
    if (!why.equals(error)) log(why + "; history without a file is kept in memory");
    error = why;
  }

  /** One line on stderr, as the rest of Pulse reports what an operator must know. */
  private static void log(String line) {
    System.err.println("pulse: history: " + line);
  }
}
