package dev.pulse.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser pages may use the bridge: the page's own origin (the scheme and the {@code Host} it was asked for) and
 * the configured ones ({@code PULSE_ALLOWED_ORIGINS}, for a reverse proxy whose public name differs). A cookie is
 * SameSite=Strict, which stops other sites but not another port of the same host: the Origin check does.
 */
final class OriginCheck {

  private final boolean tls;
  private final Set<String> allowed;

  OriginCheck(boolean tls, List<String> allowed) {
    this.tls = tls;
    this.allowed = Set.copyOf(allowed);
  }

  /**
   * Whether {@code request} may go on. Without an Origin it is no cross-origin browser request (browsers send one on
   * every WebSocket handshake and every cross-origin request), so scripts pass; {@code null} never does.
   */
  boolean allows(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    if (origin == null) return true;
    String o = origin.trim().toLowerCase(Locale.ROOT);
    if (allowed.contains(o)) return true;
    String host = request.getHeader("Host");
    return host != null && o.equals((tls ? "https://" : "http://") + host.trim().toLowerCase(Locale.ROOT));
  }
}
