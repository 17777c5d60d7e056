package dev.pulse.session;

import dev.pulse.polling.LeaseClient;
import dev.pulse.docker.ContainerInfo;
import dev.pulse.bus.ContainerKey;
import dev.pulse.auth.Logins;
import dev.pulse.bus.Addresses;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One browser connection, and everything about it: its login (the cookie of the socket's opening request, bound for
 * the socket's life, with a timer at its end and an ear for its logout), its frame budget, the containers it watches
 * (the leases, including those still being asked for) and the metrics addresses the fan-out writes to it. Deployed by
 * {@link SessionBridge} when its SockJS socket opens, undeployed when it closes; the session itself closes the socket
 * on logout, expiry or abuse. Its undeploy gives everything back: the fan-out forgets the socket, every node hears that
 * its leases are released, and pollers nobody else watches start their linger.
 *
 * <p>Runs on its own context; the socket and the fan-out belong to the HTTP verticle's event loop, so everything this
 * verticle does to them goes through {@link Socket}, which runs it there.
 */
public final class SessionVerticle extends VerticleBase {

  /** Take a lease on {@code {Host, Id}} (the command verticle's {@code container.metrics} and {@code host.summary}). */
  static final String OP_WATCH = "watch";
  /** Bridge frames: may this session send, register ({@code Address}), unregister ({@code Address})? */
  static final String OP_SEND = "send";
  static final String OP_REGISTER = "register";
  static final String OP_UNREGISTER = "unregister";
  /** The bridge took a registration for {@code Address}: the fan-out writes its points to the socket from now on. */
  static final String OP_REGISTERED = "registered";
  static final String ADDRESS = "Address";

  private static final DeliveryOptions LEASE = new DeliveryOptions().setSendTimeout(10_000);

  /** What a session does to its socket, run on the socket's own event loop. */
  public interface Socket {
    void close();

    /** The fan-out writes the points of {@code metricsAddress} to this socket. */
    void deliver(String metricsAddress);

    void stopDelivering(List<String> metricsAddresses);
  }

  private final String sessionId;
  private final String login;
  private final String sockJsId;
  private final Logins logins;
  private final Socket socket;
  private RateBucket bucket;
  /** When the login ends (epoch ms); 0 without a live login. */
  private long until;
  private long expiryTimer = -1;
  /** {@code host/id} of every container with a lease. */
  private LeaseClient leases;
  private SessionClient sessions;
  private final Set<ContainerKey> watched = new HashSet<>();
  /** Lease requests not answered yet: a lease they take must still be given back on undeploy. */
  private final List<Future<?>> acquiring = new ArrayList<>();
  private boolean acquired;
  private final Set<String> delivered = new LinkedHashSet<>();
  private boolean stopping;

  /**
   * @param login the token of the socket's opening request, or null
   * @param sockJsId the SockJS session id of an xhr transport (requests on it must carry the same login), else null
   */
  public SessionVerticle(String sessionId, String login, String sockJsId, Logins logins, Socket socket) {
    this.sessionId = sessionId;
    this.login = login;
    this.sockJsId = sockJsId;
    this.logins = logins;
    this.socket = socket;
  }

  public String sessionId() {
    return sessionId;
  }

  @Override
  public Future<?> start() {
    leases = new LeaseClient(vertx, LEASE);
    sessions = new SessionClient(vertx);
    bucket = new RateBucket(System.nanoTime());
    List<Future<?>> ready = new ArrayList<>();
    ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.session(sessionId), this::onRequest).completion());
    if (sockJsId != null) {
      ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.sockJs(sockJsId), msg -> {
        if (!logins.required() || Objects.equals(login, msg.body().getString(Fields.LOGIN))) msg.reply(null);
        else msg.fail(403, "this SockJS session belongs to another login");
      }).completion());
    }
    if (!logins.required() || login == null) {
      return Future.all(ready).onSuccess(v -> opened());
    }
    // hear a logout before reading the login: one that lands in between is then either read or heard
    MessageConsumer<JsonObject> ended = vertx.eventBus().localConsumer(Addresses.LOGIN_ENDED, msg -> {
      if (login.equals(msg.body().getString(Fields.LOGIN))) endLogin();
    });
    ready.add(ended.completion());
    return Future.all(ready).compose(v -> logins.validUntil(login)).onSuccess(end -> {
      if (stopping || end == 0) return;
      until = end;
      // the login's end ends the socket: no delivery outlives it
      expiryTimer = vertx.setTimer(Math.max(1, end - System.currentTimeMillis()), t -> endLogin());
    }).onSuccess(v -> opened());
  }

  private void opened() {
    sessions.opened(sessionId);
  }

  private void endLogin() {
    until = 0;
    socket.close();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(expiryTimer);
    if (!delivered.isEmpty()) socket.stopDelivering(List.copyOf(delivered));
    delivered.clear();
    sessions.closed(sessionId);
    // a socket that closes while its lease request is in flight: wait for the answer, so the release comes after
    // the supervisor took the lease, never before it
    return Future.join(List.copyOf(acquiring)).transform(ar -> {
      if (acquired) {
        watched.clear();
        // every node may hold leases of this session (its hosts), so every node hears it
        leases.releaseAll(sessionId);
      }
      return Future.succeededFuture();
    });
  }

  private void onRequest(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    switch (body.getString(Fields.OP, "")) {
      case OP_WATCH -> watch(msg, body.getString(Fields.HOST), body.getString(Fields.ID));
      case OP_SEND -> {
        if (admitted(msg)) msg.reply(null);
      }
      case OP_REGISTER -> {
        if (!admitted(msg)) return;
        String[] target = Addresses.parseMetrics(body.getString(ADDRESS));
        if (target == null) msg.reply(null);
        else watch(msg, target[0], target[1]);
      }
      case OP_REGISTERED -> {
        String address = body.getString(ADDRESS);
        if (!stopping && Addresses.parseMetrics(address) != null && delivered.add(address)) socket.deliver(address);
      }
      case OP_UNREGISTER -> {
        if (!admitted(msg)) return;
        String address = body.getString(ADDRESS);
        String[] target = Addresses.parseMetrics(address);
        if (target != null) {
          if (delivered.remove(address)) socket.stopDelivering(List.of(address));
          unwatch(target[0], target[1]);
        }
        msg.reply(null);
      }
      default -> msg.fail(Failures.BAD_REQUEST, "unknown session op '" + body.getString(Fields.OP) + "'");
    }
  }

  /** A bridge frame of a logged-in socket within its budget passes; anything else fails with 401 or 429. */
  private boolean admitted(Message<JsonObject> msg) {
    if (logins.required() && until <= System.currentTimeMillis()) {
      msg.fail(401, "authentication required: POST /api/login, then reconnect");
      return false;
    }
    if (!bucket.take(System.nanoTime())) {
      msg.fail(429, "too many frames: at most " + RateBucket.PER_SECOND + " a second");
      if (bucket.exhausted()) socket.close();
      return false;
    }
    return true;
  }

  private void watch(Message<JsonObject> msg, String host, String id) {
    if (stopping) {
      msg.fail(Failures.NOT_FOUND, "the session has ended");
      return;
    }
    acquired = true;
    Future<ContainerInfo> lease = leases.acquire(host, id, sessionId);
    acquiring.add(lease);
    lease.onComplete(ar -> acquiring.remove(lease))
        .onSuccess(info -> {
          watched.add(new ContainerKey(host, info.id()));
          msg.reply(info.toJson());
        })
        .onFailure(err -> msg.fail(Failures.status(err), Failures.message(err)));
  }

  private void unwatch(String host, String id) {
    ContainerKey key = ContainerKey.orNull(host, id);
    if (key != null && watched.remove(key)) leases.release(key, sessionId);
  }
}
