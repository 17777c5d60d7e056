package dev.pulse.http;

import dev.pulse.auth.AuthRoutes;
import dev.pulse.auth.LoginStore;
import dev.pulse.bus.Actions;
import dev.pulse.bus.Addresses;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import dev.pulse.config.PulseConfig;
import dev.pulse.session.SessionBridge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP face of Pulse: static page from {@code webroot/}, WebJars, the SockJS bridge at {@code /eventbus}, and the
 * REST API, which forwards to {@link dev.pulse.command.CommandVerticle} so REST and bridge answer alike. Deployed once
 * per {@code PULSE_HTTP_INSTANCES} (Vert.x spreads the connections over them); an instance keeps nothing another must
 * know: logins are in the {@link LoginStore}, each socket's state in its session verticle.
 */
public final class HttpVerticle extends VerticleBase {

  private static final DeliveryOptions COMMAND = new DeliveryOptions().setSendTimeout(15_000);
  /**
   * Netty's own WebSocket limit. A frame past it stalls its socket until the bridge's ping timeout drops it, so it
   * sits well above {@link SessionBridge#MAX_FRAME}, which the bridge hook enforces by closing the socket at once.
   */
  static final int MAX_WEBSOCKET_MESSAGE = 256 * 1024;
  static final int COMPRESSION_LEVEL = 1;

  private final PulseConfig config;
  private final String memberId;
  private SessionBridge bridge;
  private HttpServer server;

  public HttpVerticle(PulseConfig config, String memberId) {
    this.config = config;
    this.memberId = memberId;
  }

  /** The port actually bound (differs from the configured one when that is 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    AuthRoutes auth = new AuthRoutes(vertx, config.security(),
        LoginStore.create(vertx, config.security().sessionTtlMs()));
    bridge = new SessionBridge(vertx, context, memberId, auth);
    Router router = Router.router(vertx);
    // every answer, the page's and the API's and the errors': never framed (clickjacking), never type-sniffed
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Frame-Options", "DENY")
          .putHeader("Content-Security-Policy", "frame-ancestors 'none'")
          .putHeader("X-Content-Type-Options", "nosniff");
      ctx.next();
    });
    auth.mount(router, (ctx, message) -> error(ctx, 401, message));

    router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/api/status").handler(ctx -> command(ctx, Actions.STATUS, new JsonObject()));
    router.get("/api/hosts").handler(ctx -> command(ctx, Actions.HOSTS_LIST, new JsonObject()));
    router.get("/api/containers").handler(ctx -> command(ctx, Actions.CONTAINERS_LIST, new JsonObject()));
    router.get("/api/hosts/:host/containers/:ref/metrics").handler(this::metrics);
    router.route("/api/*").handler(ctx -> error(ctx, 404, "no such endpoint: " + ctx.request().method() + " "
        + ctx.request().path()));

    OriginCheck origins = new OriginCheck(config.security().tls(), config.security().allowedOrigins());
    router.route("/eventbus/*").handler(ctx -> {
      if (origins.allows(ctx.request())) ctx.next();
      else error(ctx, 403, "origin not allowed: " + ctx.request().getHeader("Origin"));
    });
    // SockJS's fallback transports post frames as HTTP bodies (they need a BodyHandler): same frame limit
    router.post("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit(SessionBridge.MAX_FRAME));
    router.route("/eventbus/*").handler(ctx -> bridge.admit(ctx).onComplete(ar -> {
      if (ar.succeeded() && ar.result()) ctx.next();
      else error(ctx, 403, "this SockJS session belongs to another login");
    }));
    // the page's sockjs-client uses WebSocket, then xhr-streaming, then xhr-polling (same origin, no iframe):
    // the other transports only widen what an attacker can reach
    SockJSHandler sockJS = SockJSHandler.create(vertx, new SockJSHandlerOptions().setRegisterWriteHandler(false)
        .setLibraryURL("/webjars/sockjs-client/1.6.1/dist/sockjs.min.js")
        // xhr-streaming and polling answers must show life before the HTTP idle timeout closes their connection
        .setHeartbeatInterval(Math.min(25_000, config.security().httpIdleTimeoutMs() / 2))
        .addDisabledTransport(Transport.JSON_P.name()).addDisabledTransport(Transport.EVENT_SOURCE.name())
        .addDisabledTransport(Transport.HTML_FILE.name()));
    router.route("/eventbus/*").subRouter(sockJS.bridge(SessionBridge.options(config.security().bridgePingTimeoutMs()),
        bridge::handle));

    router.get("/metrics")
        .handler(new dev.pulse.prometheus.MetricsRoute(vertx, config.security(), auth::authorized)::handle);
    router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(true));
    // the page must follow an upgrade at once: revalidate it every time (WebJars are versioned, so they may cache)
    router.route("/*").handler(ctx -> {
      ctx.response().putHeader("Cache-Control", "no-cache");
      ctx.next();
    });
    router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html").setCachingEnabled(false));
    router.route().failureHandler(ctx -> {
      int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
      error(ctx, status, status == 405 ? "method not allowed" : status == 404 ? "not found" : "request failed");
    });

    return vertx.createHttpServer(serverOptions())
        .requestHandler(router)
        // port 0 would give each instance a port of its own; a negative one is Vert.x's one random port for all
        .listen(config.httpPort() == 0 ? -1 : config.httpPort(), config.httpHost())
        .onSuccess(s -> server = s);
  }

  private HttpServerOptions serverOptions() {
    // no h2c upgrade: an upgrade request with a body (a SockJS xhr_send) is answered GOAWAY by it
    // compression runs on the event loop: level 1 halves its time against 3 for a few % more bytes (BENCHMARKS §3)
    HttpServerOptions options = new HttpServerOptions().setCompressionSupported(true).setHttp2ClearTextEnabled(false)
        .setCompressionLevel(COMPRESSION_LEVEL).setWebSocketCompressionLevel(COMPRESSION_LEVEL)
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE).setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE)
        // a connection that neither sends nor receives (slowloris, a silent socket) is closed
        .setIdleTimeout((int) config.security().httpIdleTimeoutMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    if (config.security().tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(config.security().tlsCert()).setKeyPath(config.security().tlsKey()));
    }
    return options;
  }

  @Override
  public Future<?> stop() {
    // the login store stays open: closing a local one drops the shared map, the other instances' logins with it
    return bridge.closeAll();
  }

  private void metrics(RoutingContext ctx) {
    String from = ctx.queryParams().get("from");
    if (ctx.queryParams().getAll("from").size() > 1) {
      error(ctx, 400, "from given more than once");
      return;
    }
    if (from != null && !from.matches("[0-9]{1,18}")) {
      error(ctx, 400, "from must be a non-negative integer");
      return;
    }
    String format = ctx.queryParams().get("format");
    if (ctx.queryParams().getAll("format").size() > 1
        || format != null && !format.equals("json") && !format.equals("csv")) {
      error(ctx, 400, "format must be json or csv");
      return;
    }
    long fromArg = from == null ? 0 : Long.parseLong(from);
    JsonObject args = new JsonObject().put(Fields.HOST, ctx.pathParam("host")).put(Fields.ID, ctx.pathParam("ref"))
        .put(Fields.FROM, fromArg);
    if (!"csv".equals(format)) {
      command(ctx, Actions.CONTAINER_METRICS, args);
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.COMMAND,
            new JsonObject().put(Fields.ACTION, Actions.CONTAINER_METRICS).put(Fields.ARGS, args), COMMAND)
        .onSuccess(reply -> {
          if (ctx.response().ended()) return;
          JsonObject body = reply.body();
          // names and ids are [A-Za-z0-9_.-]: safe in a header as they are
          String file = body.getString(Fields.HOST) + "-" + body.getString(Fields.ID).substring(0, 12) + "-metrics.csv";
          ctx.response().putHeader("Content-Type", CsvHistory.CONTENT_TYPE)
              .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
              .end(CsvHistory.of(body.getJsonObject(Fields.METRICS)));
        })
        .onFailure(err -> error(ctx, Failures.status(err), Failures.message(err)));
  }

  private void command(RoutingContext ctx, String action, JsonObject args) {
    vertx.eventBus().<JsonObject>request(Addresses.COMMAND,
            new JsonObject().put(Fields.ACTION, action).put(Fields.ARGS, args), COMMAND)
        .onSuccess(reply -> json(ctx, 200, reply.body()))
        .onFailure(err -> error(ctx, Failures.status(err), Failures.message(err)));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put(Fields.ERROR, message));
  }
}
