package dev.pulse.session;

import dev.pulse.auth.Logins;
import dev.pulse.bus.Addresses;
import dev.pulse.bus.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.bridge.BridgeEventType;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The SockJS bridge's gatekeeper: one {@link SessionVerticle} per socket, commands stamped with their session, and
 * registrations for a container's metrics turned into a watch. Its map is only touched on the event loop of the HTTP
 * verticle that owns it (bridge events arrive there).
 */
public final class SessionBridge {

  private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern HOST = dev.pulse.config.DockerHostSpec.NAME;
  private static final int MAX_REPLY_ADDRESS = 36;
  private static final Set<BridgeEventType> INBOUND = EnumSet.of(BridgeEventType.SEND, BridgeEventType.PUBLISH,
      BridgeEventType.REGISTER, BridgeEventType.UNREGISTER);
  /** Largest bridge frame accepted; commands are a few hundred bytes. */
  public static final int MAX_FRAME = 16 * 1024;

  /**
   * A token bucket per socket: {@link #BURST} frames at once, {@link #PER_SECOND} a second after that. A socket that
   * keeps pushing past it ({@link #MAX_REFUSALS} refusals) is closed; everyone else is unaffected.
   */
  static final int BURST = 100;
  static final int PER_SECOND = 50;
  static final int MAX_REFUSALS = 500;

  private static final class RateLimit {
    double tokens = BURST;
    long last = System.nanoTime();
    int refusals;

    boolean take() {
      long now = System.nanoTime();
      tokens = Math.min(BURST, tokens + (now - last) / 1e9 * PER_SECOND);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      refusals++;
      return false;
    }
  }

  /**
   * One open socket: its session verticle, its rate, and the login of its own opening request (its cookie), bound for
   * the socket's life. Never a login found by a SockJS session id: that id is chosen by the client.
   */
  private static final class Conn {
    final SockJSSocket socket;
    final Future<SessionVerticle> session;
    final RateLimit limit = new RateLimit();
    final String login;
    /** The SockJS session id of an xhr transport (requests on it must carry the same login), else null. */
    final String sockJsId;
    long expiryTimer = -1;

    Conn(SockJSSocket socket, Future<SessionVerticle> session, String login, String sockJsId) {
      this.socket = socket;
      this.session = session;
      this.login = login;
      this.sockJsId = sockJsId;
    }
  }

  /** {@code /eventbus/<server>/<session>/<transport>}; the WebSocket transport's id names no shared session. */
  private static final Pattern SOCKJS_PATH = Pattern.compile(".*/eventbus/[^/.]+/([^/.]+)/([a-z_]+)");

  /** Where {@link #admit} leaves the login of a request for the socket it opens. */
  private static final String LOGIN = "pulse.login";

  private final Vertx vertx;
  private final String node;
  private final Logins logins;
  private final Map<SockJSSocket, Conn> conns = new HashMap<>();
  private final Map<String, Conn> bySockJsId = new HashMap<>();
  private final MetricsFanout fanout;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionBridge.class);
  private final dev.pulse.log.RateLimitedLog refusals = new dev.pulse.log.RateLimitedLog(LOG, 20, 60_000);
  private long counter;

  /**
   * @param node this node's member id: session ids carry it, so leases of a dead node can be told apart
   * @param logins who is logged in; a socket's login is read from its opening request
   */
  public SessionBridge(Vertx vertx, String node, Logins logins) {
    this.vertx = vertx;
    this.node = node;
    this.logins = logins;
    this.fanout = new MetricsFanout(vertx);
  }

  /**
   * Inbound only the command address; outbound only metrics and container changes. A socket that sends no ping for
   * {@code pingTimeoutMs} is closed (the page pings every 5 s).
   */
  public static SockJSBridgeOptions options(long pingTimeoutMs) {
    return new SockJSBridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.COMMAND))
        .addOutboundPermitted(new PermittedOptions()
            .setAddressRegex(Pattern.quote(Addresses.METRICS_PREFIX) + "[A-Za-z0-9_-]+\\.[0-9a-f]{64}"))
        .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.CONTAINERS))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(Pattern.quote(Addresses.SUMMARY_PREFIX) + "[A-Za-z0-9_-]{1,64}"))
        .setPingTimeout(pingTimeoutMs)
        .setReplyTimeout(15_000)
        .setMaxAddressLength(160)
        .setMaxHandlersPerSocket(2_000);
  }

  public int size() {
    return conns.size();
  }

  /**
   * Route handler check in front of SockJS, for every request on {@code /eventbus/*}; whether it may reach SockJS: a request naming the session id of an open xhr socket
   * must carry that socket's login, so an id seen elsewhere (a log, a proxy) neither sends nor reads for it.
   */
  public boolean admit(RoutingContext ctx) {
    String login = logins.token(ctx.request().headers());
    // SockJS strips the cookies from the request before its socket sees it: keep the login for SOCKET_CREATED
    if (login != null) ctx.put(LOGIN, login);
    String sid = sockJsId(ctx.request().path());
    Conn c = sid == null ? null : bySockJsId.get(sid);
    return c == null || !logins.required() || java.util.Objects.equals(c.login, login);
  }

  /** The id of a SockJS session shared by several requests (the xhr transports), or null. */
  private static String sockJsId(String path) {
    if (path == null) return null;
    var m = SOCKJS_PATH.matcher(path);
    return m.matches() && !m.group(2).equals("websocket") ? m.group(1) : null;
  }

  /** A login ended (logout): every socket opened with it is closed, which ends its deliveries and its leases. */
  public void closeLogin(String token) {
    if (token == null) return;
    for (Conn c : List.copyOf(conns.values())) {
      if (token.equals(c.login)) c.socket.close();
    }
  }

  public void handle(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    // inbound frames only: what the server sends (a full history reply) may be far larger, and is not ours to police
    if (INBOUND.contains(event.type()) && raw != null && raw.encode().length() > MAX_FRAME) {
      // no command needs this much: whoever sends it is not a Pulse page
      refuse(event, 413, "frame larger than " + MAX_FRAME + " bytes");
      event.socket().close();
      return;
    }
    switch (event.type()) {
      case SOCKET_CREATED -> {
        opened(event.socket());
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        fanout.removeAll(event.socket());
        Conn c = conns.remove(event.socket());
        if (c != null) {
          vertx.cancelTimer(c.expiryTimer);
          if (c.sockJsId != null) bySockJsId.remove(c.sockJsId, c);
          c.session.compose(s -> vertx.undeploy(s.deploymentID()));
        }
        event.complete(true);
      }
      case SEND -> withSession(event, s -> {
        // Vert.x drops (and only logs) a reply address over 36 chars; refuse it so the client hears why
        if (raw.getValue("replyAddress") instanceof String reply && reply.length() > MAX_REPLY_ADDRESS) {
          return Future.succeededFuture(false);
        }
        // overwrite whatever the client put there: a session can only speak for itself
        JsonObject headers = raw.getValue("headers") instanceof JsonObject h ? h : new JsonObject();
        raw.put("headers", headers.put(Fields.SESSION_HEADER, s.sessionId()));
        event.setRawMessage(raw);
        return Future.succeededFuture(true);
      });
      case REGISTER -> withSession(event, s -> {
        String[] target = Addresses.parseMetrics(event.getRawMessage().getString("address"));
        if (target == null) return Future.succeededFuture(true); // pulse.containers; permissions checked the rest
        if (!HOST.matcher(target[0]).matches() || !FULL_ID.matcher(target[1]).matches()) {
          return Future.succeededFuture(false);
        }
        return vertx.eventBus().request(Addresses.session(s.sessionId()), watch(SessionVerticle.OP_WATCH, target))
            .map(true).otherwise(false);
      });
      // the bridge took the registration: from now on the fan-out writes this container's points to the socket
      case REGISTERED -> {
        String[] target = Addresses.parseMetrics(event.getRawMessage().getString("address"));
        if (target != null && conns.containsKey(event.socket())) fanout.add(event.socket(), target[0], target[1]);
        event.complete(true);
      }
      case UNREGISTER -> withSession(event, s -> {
        String[] target = Addresses.parseMetrics(event.getRawMessage().getString("address"));
        if (target != null) {
          fanout.remove(event.socket(), target[0], target[1]);
          vertx.eventBus().request(Addresses.session(s.sessionId()), watch(SessionVerticle.OP_UNWATCH, target));
        }
        return Future.succeededFuture(true);
      });
      case PUBLISH -> event.complete(false); // commands are request/reply only
      // a client's reset or undecodable frame: vert.x-web's own trace of it is filtered (log/ExpectedClientFaults)
      case SOCKET_ERROR -> {
        LOG.debug("bridge socket {} failed: {}", event.socket().remoteAddress(), event.getRawMessage());
        event.complete(true);
      }
      default -> event.complete(true);
    }
  }

  private void opened(SockJSSocket socket) {
    String login = socket.routingContext() == null ? null : socket.routingContext().get(LOGIN);
    SessionVerticle session = new SessionVerticle(node + "/s" + (++counter));
    Conn c = new Conn(socket, vertx.deployVerticle(session).map(id -> session), login, sockJsId(socket.uri()));
    conns.put(socket, c);
    if (c.sockJsId != null) bySockJsId.put(c.sockJsId, c);
    long now = System.currentTimeMillis();
    long until = logins.validUntil(login, now);
    // the login's end ends the socket: no delivery outlives it
    if (logins.required() && until > 0) c.expiryTimer = vertx.setTimer(Math.max(1, until - now), t -> socket.close());
  }

  private static JsonObject watch(String op, String[] target) {
    return new JsonObject().put(Fields.OP, op).put(Fields.HOST, target[0]).put(Fields.ID, target[1]);
  }

  /** Runs {@code then} for a logged-in socket within its rate; refuses anything else. */
  private void withSession(BridgeEvent event, Function<SessionVerticle, Future<Boolean>> then) {
    Conn c = conns.get(event.socket());
    if (c == null) {
      event.complete(false);
      return;
    }
    RateLimit limit = c.limit;
    if (logins.required() && logins.validUntil(c.login, System.currentTimeMillis()) == 0) {
      refuse(event, 401, "authentication required: POST /api/login, then reconnect");
      return;
    }
    if (!limit.take()) {
      refuse(event, 429, "too many frames: at most " + PER_SECOND + " a second");
      if (limit.refusals > MAX_REFUSALS) event.socket().close();
      return;
    }
    c.session.compose(then).onComplete(ar -> event.tryComplete(ar.succeeded() && ar.result()));
  }

  /**
   * Refuses a frame. The bridge's own refusal ({@code err "rejected"}) names no reply address, so a request would
   * wait for its timeout; answer the request itself first, as a failed reply with a status code.
   */
  private void refuse(BridgeEvent event, int code, String message) {
    JsonObject raw = event.getRawMessage();
    refusals.warn("bridge frame refused ({}) from {}: {}", code, event.socket().remoteAddress(), message);
    if (raw != null && raw.getValue("replyAddress") instanceof String reply) {
      event.socket().write(new JsonObject().put("type", "err").put("address", reply).put("failureCode", code)
          .put("failureType", "RECIPIENT_FAILURE").put("message", message).encode());
    }
    event.complete(false);
  }

  /** Undeploys every session (server shutdown). */
  public Future<Void> closeAll() {
    var all = conns.values().stream()
        .map(c -> c.session.compose(s -> vertx.undeploy(s.deploymentID())).otherwise((Void) null))
        .toList();
    conns.values().forEach(c -> vertx.cancelTimer(c.expiryTimer));
    conns.clear();
    bySockJsId.clear();
    return Future.join(all).mapEmpty();
  }
}
