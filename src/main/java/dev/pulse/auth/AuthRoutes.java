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
import java.util.Set;
import java.util.function.Consumer;

/**
 * Login, logout and the guard in front of {@code /api/*}. With authentication off every request passes and login
 * answers that none is needed. Owned by the HTTP verticle; everything runs on its event loop except bcrypt checks.
 */
public final class AuthRoutes implements Logins {

  public static final String COOKIE = "pulse_session";
  private static final Set<String> OPEN = Set.of("/api/login", "/api/logout", "/api/auth");

  private final Vertx vertx;
  private final Authenticator authenticator;
  private final LoginSessions sessions;
  private final boolean secureCookie;
  private Consumer<String> loggedOut = token -> { };

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
    // no uploads: a multipart body's file parts are dropped, never written to disk
    router.post("/api/login").handler(AuthRoutes::requireJson);
    router.post("/api/login").handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::login);
    router.post("/api/logout").handler(AuthRoutes::requireJson).handler(this::logout);
    router.get("/api/auth").handler(ctx -> ctx.json(new JsonObject().put("AuthRequired", enabled())
        .put("Authenticated", authorized(ctx.request().headers()))));
    router.route("/api/*").handler(ctx -> {
      if (!enabled() || OPEN.contains(ctx.request().path()) || authorized(ctx.request().headers())) {
        ctx.next();
      } else {
        unauthorized.accept(ctx, "authentication required: POST /api/login");
      }
    });
    vertx.setPeriodic(60_000, t -> sessions.purge(System.currentTimeMillis()));
  }

  /** {@code listener} hears the token of every login that logs out (the bridge closes its sockets). */
  public void onLogout(Consumer<String> listener) {
    loggedOut = listener;
  }

  @Override
  public boolean required() {
    return enabled();
  }

  @Override
  public long validUntil(String token, long now) {
    return sessions.validUntil(token, now);
  }

  /** Whether the request carries a live session cookie. */
  public boolean authorized(MultiMap headers) {
    return !enabled() || sessions.valid(token(headers), System.currentTimeMillis());
  }

  @Override
  public String token(MultiMap headers) {
    String cookies = headers.get("Cookie");
    if (cookies == null) return null;
    for (io.netty.handler.codec.http.cookie.Cookie c : ServerCookieDecoder.LAX.decode(cookies)) {
      if (COOKIE.equals(c.name())) return c.value();
    }
    return null;
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
        error(ctx, 401, "wrong password");
      }
    }));
  }

  private void logout(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(COOKIE);
    if (c != null && sessions.valid(c.getValue(), System.currentTimeMillis())) {
      sessions.remove(c.getValue());
      loggedOut.accept(c.getValue());
    }
    ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(secureCookie).setMaxAge(0));
    ctx.json(new JsonObject().put("Authenticated", false).put("AuthRequired", enabled()));
  }

  /**
   * A form on another site can POST text/plain, urlencoded or multipart without a preflight, never application/json:
   * requiring it keeps login and logout out of reach of cross-site forms.
   */
  private static void requireJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String mime = type == null ? "" : type.split(";", 2)[0].trim();
    if (mime.equalsIgnoreCase("application/json")) {
      ctx.next();
    } else {
      error(ctx, 415, "Content-Type must be application/json");
    }
  }

  private static void error(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put(Fields.ERROR, message).encode());
  }
}
