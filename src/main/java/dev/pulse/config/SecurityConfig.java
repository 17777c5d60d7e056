package dev.pulse.config;

import java.util.List;

/**
 * Who may use Pulse and how it is reached. Authentication is on when a secret or a hash of it is set; TLS when both
 * PEM files are set.
 *
 * @param secret the login secret in clear ({@code PULSE_AUTH_SECRET}), or null
 * @param secretHash {@code sha256:<hex>}, a bare 64-hex SHA-256, or a bcrypt hash ({@code $2a$…}), or null
 * @param insecure listening beyond loopback without authentication is intended ({@code PULSE_INSECURE=true})
 * @param tlsCert PEM certificate chain path, or null
 * @param tlsKey PEM private key path, or null
 * @param sessionTtlMs how long a login lasts
 * @param allowedOrigins origins ({@code scheme://host[:port]}, lower case) the bridge accepts besides the page's own
 * @param trustedProxies addresses of reverse proxies whose {@code X-Forwarded-For} names the client; empty: none
 * @param httpIdleTimeoutMs an HTTP connection that sends and receives nothing this long is closed
 * @param bridgePingTimeoutMs a bridge socket that sends no ping this long is closed
 * @param metricsToken a bearer token that opens {@code GET /metrics} to a scraper ({@code PULSE_METRICS_TOKEN}),
 *     or null
 */
public record SecurityConfig(String secret, String secretHash, boolean insecure, String tlsCert, String tlsKey,
    long sessionTtlMs, List<String> allowedOrigins, List<String> trustedProxies, long httpIdleTimeoutMs,
    long bridgePingTimeoutMs, String metricsToken) {

  public static final long DEFAULT_SESSION_TTL_MS = 12 * 3600_000L;
  public static final long DEFAULT_HTTP_IDLE_TIMEOUT_MS = 30_000;
  public static final long DEFAULT_BRIDGE_PING_TIMEOUT_MS = 30_000;

  public SecurityConfig {
    allowedOrigins = List.copyOf(allowedOrigins);
    trustedProxies = List.copyOf(trustedProxies);
  }

  public static SecurityConfig none() {
    return new SecurityConfig(null, null, false, null, null, DEFAULT_SESSION_TTL_MS, List.of(), List.of(),
        DEFAULT_HTTP_IDLE_TIMEOUT_MS, DEFAULT_BRIDGE_PING_TIMEOUT_MS, null);
  }

  public boolean authEnabled() {
    return secret != null || secretHash != null;
  }

  public boolean tls() {
    return tlsCert != null && tlsKey != null;
  }

  public SecurityConfig withSecret(String v) {
    return new SecurityConfig(v, secretHash, insecure, tlsCert, tlsKey, sessionTtlMs, allowedOrigins, trustedProxies,
        httpIdleTimeoutMs, bridgePingTimeoutMs, metricsToken);
  }

  public SecurityConfig withSecretHash(String v) {
    return new SecurityConfig(secret, v, insecure, tlsCert, tlsKey, sessionTtlMs, allowedOrigins, trustedProxies,
        httpIdleTimeoutMs, bridgePingTimeoutMs, metricsToken);
  }

  public SecurityConfig withSessionTtlMs(long v) {
    return new SecurityConfig(secret, secretHash, insecure, tlsCert, tlsKey, v, allowedOrigins, trustedProxies,
        httpIdleTimeoutMs, bridgePingTimeoutMs, metricsToken);
  }

  public SecurityConfig withMetricsToken(String v) {
    return new SecurityConfig(secret, secretHash, insecure, tlsCert, tlsKey, sessionTtlMs, allowedOrigins, trustedProxies,
        httpIdleTimeoutMs, bridgePingTimeoutMs, v);
  }

  public SecurityConfig withTls(String cert, String key) {
    return new SecurityConfig(secret, secretHash, insecure, cert, key, sessionTtlMs, allowedOrigins, trustedProxies,
        httpIdleTimeoutMs, bridgePingTimeoutMs, metricsToken);
  }

  public SecurityConfig withAllowedOrigins(List<String> v) {
    return new SecurityConfig(secret, secretHash, insecure, tlsCert, tlsKey, sessionTtlMs, v, trustedProxies,
        httpIdleTimeoutMs, bridgePingTimeoutMs, metricsToken);
  }

  public SecurityConfig withTrustedProxies(List<String> v) {
    return new SecurityConfig(secret, secretHash, insecure, tlsCert, tlsKey, sessionTtlMs, allowedOrigins, v,
        httpIdleTimeoutMs, bridgePingTimeoutMs, metricsToken);
  }

  public SecurityConfig withTimeouts(long httpIdleMs, long bridgePingMs) {
    return new SecurityConfig(secret, secretHash, insecure, tlsCert, tlsKey, sessionTtlMs, allowedOrigins,
        trustedProxies, httpIdleMs, bridgePingMs, metricsToken);
  }
}
