package dev.pulse.auth;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.Fields;
import io.vertx.core.Future;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Login, logout and the guard in front of {@code /api/*}. With authentication off every request passes and login
 * answers that none is needed. One per HTTP verticle instance, on its event loop (bcrypt checks on a worker); the
 * logins are in the {@link LoginStore} every instance and node reads, failed logins are counted by the node's
 * {@link LoginsVerticle}, and a logout is published to every node ({@link Addresses#LOGOUT}).
 */
public final class AuthRoutes implements Logins {

  public static final String COOKIE = "pulse_session";
  private static final Set<String> OPEN = Set.of("/api/login", "/api/logout", "/api/auth");

  private final Vertx vertx;
  private final Authenticator authenticator;
  private final LoginStore logins;
  private final Set<String> trustedProxies;
  private final boolean secureCookie;
  private final dev.pulse.log.RateLimitedLog loginFailures =
      new dev.pulse.log.RateLimitedLog(org.slf4j.LoggerFactory.getLogger(AuthRoutes.class), 20, 60_000);

  public AuthRoutes(Vertx vertx, SecurityConfig security, LoginStore logins) {
    this.vertx = vertx;
    this.authenticator = Authenticator.from(security);
    this.logins = logins;
    this.secureCookie = security.tls();
    this.trustedProxies = security.trustedProxies().stream().map(AuthRoutes::normalize)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** The canonical text of an IP literal (no name lookup: config and headers are checked to be literals). */
  private static String normalize(String ip) {
    try {
      return java.net.InetAddress.getByName(ip).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return ip;
    }
  }

  private static final java.util.regex.Pattern IP = java.util.regex.Pattern.compile("[0-9a-fA-F.:]{2,45}");

  /**
   * Who is trying to log in: the peer, or, when the peer is a trusted reverse proxy ({@code PULSE_TRUSTED_PROXIES}),
   * the right-most {@code X-Forwarded-For} entry that is not one of them (entries to its left are the client's own
   * claims). Off by default: a header anyone can send must not choose the address that is throttled.
   */
  String clientAddress(RoutingContext ctx) {
    String remote = ctx.request().remoteAddress() == null ? "?" : normalize(ctx.request().remoteAddress().hostAddress());
    if (!trustedProxies.contains(remote)) return remote;
    List<String> hops = new ArrayList<>();
    for (String header : ctx.request().headers().getAll("X-Forwarded-For")) {
      for (String hop : header.split(",")) hops.add(hop.trim());
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (!IP.matcher(hop).matches()) return remote;
      String address = normalize(hop);
      if (!trustedProxies.contains(address)) return address;
    }
    return remote;
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
    router.get("/api/auth").handler(ctx -> authorized(ctx.request().headers()).onComplete(ar -> {
      if (!ctx.response().ended()) {
        ctx.json(new JsonObject().put("AuthRequired", enabled()).put("Authenticated", ar.succeeded() && ar.result()));
      }
    }));
    router.route("/api/*").handler(ctx -> {
      if (!enabled() || OPEN.contains(ctx.request().path())) {
        ctx.next();
        return;
      }
      authorized(ctx.request().headers()).onComplete(ar -> {
        if (ar.succeeded() && ar.result()) ctx.next();
        else unauthorized.accept(ctx, "authentication required: POST /api/login");
      });
    });
  }

  @Override
  public boolean required() {
    return enabled();
  }

  @Override
  public Future<Long> validUntil(String token) {
    return logins.validUntil(token, System.currentTimeMillis());
  }

  /** Whether the request carries a live login cookie (any node's, any instance's). */
  public Future<Boolean> authorized(MultiMap headers) {
    if (!enabled()) return Future.succeededFuture(true);
    return validUntil(token(headers)).map(until -> until > 0);
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
    String address = clientAddress(ctx);
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
    vertx.eventBus().<JsonObject>request(Addresses.LOGIN_THROTTLE,
            new JsonObject().put(Fields.OP, LoginsVerticle.OP_ADMIT).put(Fields.CLIENT, address))
        .onFailure(err -> error(ctx, 503, "login not available, try again"))
        .onSuccess(reply -> {
          long wait = reply.body().getLong(Fields.WAIT_MS, 0L);
          if (wait > 0) {
            long seconds = (wait + 999) / 1000;
            ctx.response().putHeader("Retry-After", String.valueOf(seconds));
            error(ctx, 429, "too many failed logins: try again in " + seconds + " s");
            return;
          }
          check(ctx, address, password, reply.body().getLong(Fields.DELAY_MS, 0L));
        });
  }

  private void check(RoutingContext ctx, String address, String password, long delay) {
    var check = authenticator.slow()
        ? vertx.executeBlocking(() -> authenticator.matches(password), false)
        : Future.succeededFuture(authenticator.matches(password));
    check.onComplete(ar -> vertx.setTimer(Math.max(1, delay), t -> {
      boolean ok = ar.succeeded() && ar.result();
      vertx.eventBus().send(Addresses.LOGIN_THROTTLE, new JsonObject()
          .put(Fields.OP, ok ? LoginsVerticle.OP_SUCCEEDED : LoginsVerticle.OP_FAILED).put(Fields.CLIENT, address));
      if (!ok) {
        loginFailures.warn("login failed from {}: wrong password", address);
        error(ctx, 401, "wrong password");
        return;
      }
      logins.create(System.currentTimeMillis())
          .onFailure(err -> error(ctx, 503, "too many live logins: log out elsewhere or wait for one to expire"))
          .onSuccess(token -> {
            ctx.response().addCookie(Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(secureCookie).setMaxAge(logins.ttlMs() / 1000));
            ctx.json(new JsonObject().put("Authenticated", true).put("AuthRequired", true));
          });
    }));
  }

  /** Ends the login everywhere: out of the store, then every node closes the sockets opened with it. */
  private void logout(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(COOKIE);
    String token = c == null ? null : c.getValue();
    Future<Void> ended = validUntil(token).compose(until -> until == 0 ? Future.<Void>succeededFuture()
        : logins.remove(token).onSuccess(v ->
            vertx.eventBus().publish(Addresses.LOGOUT, new JsonObject().put(Fields.LOGIN, token))));
    ended.onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 503, "logout not available, try again");
        return;
      }
      ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true)
          .setSameSite(CookieSameSite.STRICT).setSecure(secureCookie).setMaxAge(0));
      ctx.json(new JsonObject().put("Authenticated", false).put("AuthRequired", enabled()));
    });
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
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put(Fields.ERROR, message).encode());
  }
}
