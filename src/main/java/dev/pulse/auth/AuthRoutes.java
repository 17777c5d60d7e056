package dev.pulse.auth;

import dev.pulse.bus.Fields;
import dev.pulse.config.SecurityConfig;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Login, logout and the guard in front of {@code /api/*}. With authentication off every request passes and login
 * answers that none is needed. Owned by the HTTP verticle; everything runs on its event loop except bcrypt checks.
 */
public final class AuthRoutes {

  public static final String COOKIE = "pulse_session";
  private static final Set<String> OPEN = Set.of("/api/login", "/api/logout", "/api/auth");

  private final Vertx vertx;
  private final Authenticator authenticator;
  private final LoginSessions sessions;
  private final boolean secureCookie;
  private final Map<String, String> sockJsTokens = new HashMap<>();
  private final dev.pulse.log.RateLimitedLog loginFailures =
      new dev.pulse.log.RateLimitedLog(org.slf4j.LoggerFactory.getLogger(AuthRoutes.class), 20, 60_000);
  private static final Pattern SOCKJS_PATH = Pattern.compile(".*/eventbus/[^/.]+/([^/.]+)/[a-z_]+");

  public AuthRoutes(Vertx vertx, SecurityConfig security) {
    this.vertx = vertx;
    this.authenticator = Authenticator.from(security);
    this.sessions = new LoginSessions(security.sessionTtlMs());
    this.secureCookie = security.tls();
  }

  public boolean enabled() {
    return authenticator != null;
  }

  /** Mounts the login endpoints and, before every other {@code /api/*} route, the guard. */
  public void mount(Router router, java.util.function.BiConsumer<RoutingContext, String> unauthorized) {
    router.post("/api/login").handler(BodyHandler.create().setBodyLimit(4096)).handler(this::login);
    router.post("/api/logout").handler(this::logout);
    router.get("/api/auth").handler(ctx -> ctx.json(new JsonObject().put("AuthRequired", enabled())
        .put("Authenticated", authorized(ctx.request().headers()))));
    router.route("/api/*").handler(ctx -> {
      if (!enabled() || OPEN.contains(ctx.request().path()) || authorized(ctx.request().headers())) {
        ctx.next();
      } else {
        unauthorized.accept(ctx, "authentication required: POST /api/login");
      }
    });
    vertx.setPeriodic(60_000, t -> {
      long now = System.currentTimeMillis();
      sessions.purge(now);
      sockJsTokens.values().removeIf(token -> !sessions.valid(token, now));
    });
  }

  /** Whether the request carries a live session cookie. */
  public boolean authorized(MultiMap headers) {
    return !enabled() || sessions.valid(token(headers), System.currentTimeMillis());
  }

  private static String token(MultiMap headers) {
    String cookies = headers.get("Cookie");
    if (cookies == null) return null;
    for (io.netty.handler.codec.http.cookie.Cookie c : ServerCookieDecoder.LAX.decode(cookies)) {
      if (COOKIE.equals(c.name())) return c.value();
    }
    return null;
  }

  /**
   * Whether a bridge socket belongs to a live login. SockJS hides cookies from its sockets: the raw WebSocket keeps
   * its opening request, the SockJS transports only their URL ({@code /eventbus/<server>/<session>/<transport>}), so
   * {@link #rememberSockJs} notes the login token of each SockJS session as its requests pass. Checked again on every
   * frame, so a login that expires or logs out stops its sockets too.
   */
  public boolean authorized(SockJSSocket socket) {
    if (!enabled()) return true;
    String sid = sockJsSession(socket.uri());
    if (sid != null) return sessions.valid(sockJsTokens.get(sid), System.currentTimeMillis());
    return socket.routingContext() != null && authorized(socket.routingContext().request().headers());
  }

  /** Route handler in front of SockJS: remembers which login each SockJS session id travels with. */
  public void rememberSockJs(RoutingContext ctx) {
    if (enabled()) {
      String sid = sockJsSession(ctx.request().path());
      String token = token(ctx.request().headers());
      if (sid != null && sessions.valid(token, System.currentTimeMillis())) {
        if (sockJsTokens.size() >= LoginSessions.MAX_TRACKED) sockJsTokens.clear();
        sockJsTokens.put(sid, token);
      }
    }
    ctx.next();
  }

  public void forget(SockJSSocket socket) {
    String sid = sockJsSession(socket.uri());
    if (sid != null) sockJsTokens.remove(sid);
  }

  /** {@code /eventbus/<server>/<session>/<transport>} → session, else null. */
  static String sockJsSession(String path) {
    if (path == null) return null;
    var m = SOCKJS_PATH.matcher(path);
    return m.matches() ? m.group(1) : null;
  }

  private void login(RoutingContext ctx) {
    String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    String password;
    try {
      JsonObject body = ctx.body().asJsonObject();
      Object p = body == null ? null : body.getValue("Password");
      if (!(p instanceof String s) || s.length() > 1024) throw new DecodeException("Password");
      password = s;
    } catch (DecodeException | ClassCastException e) {
      error(ctx, 400, "expected {\"Password\": \"...\"}");
      return;
    }
    if (!enabled()) {
      ctx.json(new JsonObject().put("Authenticated", true).put("AuthRequired", false));
      return;
    }
    long delay = sessions.delayMs(address, System.currentTimeMillis());
    var check = authenticator.slow()
        ? vertx.executeBlocking(() -> authenticator.matches(password), false)
        : io.vertx.core.Future.succeededFuture(authenticator.matches(password));
    check.onComplete(ar -> vertx.setTimer(Math.max(1, delay), t -> {
      long now = System.currentTimeMillis();
      if (ar.succeeded() && ar.result()) {
        sessions.succeeded(address);
        String token = sessions.create(now);
        ctx.response().addCookie(Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true)
            .setSameSite(CookieSameSite.STRICT).setSecure(secureCookie).setMaxAge(sessions.ttlMs() / 1000));
        ctx.json(new JsonObject().put("Authenticated", true).put("AuthRequired", true));
      } else {
        sessions.failed(address, now);
        loginFailures.warn("login failed from {}: wrong password", address);
        error(ctx, 401, "wrong password");
      }
    }));
  }

  private void logout(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(COOKIE);
    if (c != null) sessions.remove(c.getValue());
    ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(secureCookie).setMaxAge(0));
    ctx.json(new JsonObject().put("Authenticated", false).put("AuthRequired", enabled()));
  }

  private static void error(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put(Fields.ERROR, message).encode());
  }
}
