package dev.pulse.session;

import dev.pulse.auth.Logins;
import dev.pulse.bus.Addresses;
import dev.pulse.bus.Fields;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The SockJS bridge's hook: it routes. Each socket gets a {@link SessionVerticle}, which owns everything about it; every
 * inbound frame is asked of that verticle (login, budget, leases) before the bridge lets it through, commands are
 * stamped with its id, and what it tells its socket (close, deliver a container's points) runs here, on the event loop
 * of the HTTP verticle that owns the socket and its {@link MetricsFanout}. Its one map, socket → session, is only
 * touched on that event loop (bridge events arrive there).
 */
public final class SessionBridge {

  private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern HOST = dev.pulse.config.DockerHostSpec.NAME;
  private static final int MAX_REPLY_ADDRESS = 36;
  private static final Set<BridgeEventType> INBOUND = EnumSet.of(BridgeEventType.SEND, BridgeEventType.PUBLISH,
      BridgeEventType.REGISTER, BridgeEventType.UNREGISTER);
  /** Largest bridge frame accepted; commands are a few hundred bytes. */
  public static final int MAX_FRAME = 16 * 1024;

  /** A socket's session: its id (the event-bus address it answers on) and its deployment. */
  private record Route(String sessionId, Future<String> deployment) { }

  /** {@code /eventbus/<server>/<session>/<transport>}; the WebSocket transport's id names no shared session. */
  private static final Pattern SOCKJS_PATH = Pattern.compile(".*/eventbus/[^/.]+/([^/.]+)/([a-z_]+)");

  /** Where {@link #admit} leaves the login of a request for the socket it opens. */
  private static final String LOGIN = "pulse.login";

  private final Vertx vertx;
  private final Context context;
  private final String node;
  private final Logins logins;
  private final Map<SockJSSocket, Route> routes = new HashMap<>();
  private final MetricsFanout fanout;
  private final SessionClient sessions;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionBridge.class);
  private final dev.pulse.log.RateLimitedLog refusals = new dev.pulse.log.RateLimitedLog(LOG, 20, 60_000);

  /**
   * @param context the owning HTTP verticle's context: bridge events arrive on it, and sessions act on sockets there
   * @param node this node's member id: session ids carry it, so leases of a dead node can be told apart
   * @param logins who is logged in; a socket's login is read from its opening request
   */
  public SessionBridge(Vertx vertx, Context context, String node, Logins logins) {
    this.vertx = vertx;
    this.context = context;
    this.node = node;
    this.logins = logins;
    this.fanout = new MetricsFanout(vertx);
    this.sessions = new SessionClient(vertx);
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

  /**
   * Route handler check in front of SockJS, for every request on {@code /eventbus/*}; whether it may reach SockJS. A
   * request naming the session id of an open xhr socket must carry that socket's login, so an id seen elsewhere (a log,
   * a proxy) neither sends nor reads for it. The socket may belong to another HTTP verticle instance (SockJS sessions
   * are shared by all of them): its session verticle answers, wherever it is.
   */
  public Future<Boolean> admit(RoutingContext ctx) {
    String login = logins.token(ctx.request().headers());
    // SockJS strips the cookies from the request before its socket sees it: keep the login for SOCKET_CREATED
    if (login != null) ctx.put(LOGIN, login);
    String sid = sockJsId(ctx.request().path());
    if (sid == null || !logins.required()) return Future.succeededFuture(true);
    JsonObject ask = new JsonObject();
    if (login != null) ask.put(Fields.LOGIN, login);
    return vertx.eventBus().request(Addresses.sockJs(sid), ask).map(true).otherwise(err ->
        // no session answers for that id: the request opens a new one (or SockJS answers 404)
        err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS);
  }

  /** The id of a SockJS session shared by several requests (the xhr transports), or null. */
  private static String sockJsId(String path) {
    if (path == null) return null;
    var m = SOCKJS_PATH.matcher(path);
    return m.matches() && !m.group(2).equals("websocket") ? m.group(1) : null;
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
        Route r = routes.remove(event.socket());
        if (r != null) r.deployment().compose(vertx::undeploy);
        event.complete(true);
      }
      case SEND -> {
        // Vert.x drops (and only logs) a reply address over 36 chars; refuse it so the client hears why
        if (raw.getValue("replyAddress") instanceof String reply && reply.length() > MAX_REPLY_ADDRESS) {
          event.complete(false);
          return;
        }
        route(event, SessionVerticle.OP_SEND, null, r -> {
          // overwrite whatever the client put there: a session can only speak for itself
          JsonObject headers = raw.getValue("headers") instanceof JsonObject h ? h : new JsonObject();
          raw.put("headers", headers.put(Fields.SESSION_HEADER, r.sessionId()));
          event.setRawMessage(raw);
        });
      }
      case REGISTER -> {
        String address = raw.getString("address");
        String[] target = Addresses.parseMetrics(address);
        if (target != null && (!HOST.matcher(target[0]).matches() || !FULL_ID.matcher(target[1]).matches())) {
          event.complete(false);
          return;
        }
        route(event, SessionVerticle.OP_REGISTER, address, r -> { });
      }
      // the bridge took the registration: the session has the fan-out write this container's points to the socket
      case REGISTERED -> {
        Route r = routes.get(event.socket());
        String address = raw == null ? null : raw.getString("address");
        if (r != null && Addresses.parseMetrics(address) != null) {
          sessions.registered(r.sessionId(), address);
        }
        event.complete(true);
      }
      case UNREGISTER -> route(event, SessionVerticle.OP_UNREGISTER, raw.getString("address"), r -> { });
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
    String sessionId = dev.pulse.polling.LeaseClient.holder(node, UUID.randomUUID().toString());
    SessionVerticle session = new SessionVerticle(sessionId, login, sockJsId(socket.uri()), logins, port(socket));
    routes.put(socket, new Route(sessionId, vertx.deployVerticle(session)));
  }

  /** What a session does to its socket, run on this event loop, in the order the session asked. */
  private SessionVerticle.Socket port(SockJSSocket socket) {
    return new SessionVerticle.Socket() {
      @Override
      public void close() {
        context.runOnContext(v -> socket.close());
      }

      @Override
      public void deliver(String address) {
        context.runOnContext(v -> fanout.add(socket, address));
      }

      @Override
      public void stopDelivering(List<String> addresses) {
        context.runOnContext(v -> addresses.forEach(a -> fanout.remove(socket, a)));
      }
    };
  }

  /**
   * Asks the socket's session whether the frame may pass ({@code op}, with the address it names); on yes runs
   * {@code then} and lets it through, else refuses it with the session's code (401, 429) or silently.
   */
  private void route(BridgeEvent event, String op, String address,
      java.util.function.Consumer<Route> then) {
    Route r = routes.get(event.socket());
    if (r == null) {
      event.complete(false);
      return;
    }
    r.deployment().compose(id -> sessions.admit(r.sessionId(), op, address)).onComplete(ar -> {
      if (ar.succeeded()) {
        then.accept(r);
        event.tryComplete(true);
      } else if (ar.cause() instanceof ReplyException re && (re.failureCode() == 401 || re.failureCode() == 429)) {
        refuse(event, re.failureCode(), re.getMessage());
      } else {
        event.tryComplete(false);
      }
    });
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
    event.tryComplete(false);
  }

  /** Undeploys the sessions of this instance's sockets (server shutdown). */
  public Future<Void> closeAll() {
    var all = routes.values().stream()
        .map(r -> r.deployment().compose(vertx::undeploy).otherwise((Void) null))
        .toList();
    routes.clear();
    return Future.join(all).mapEmpty();
  }
}
