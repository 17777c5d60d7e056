package dev.pulse.config;

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
 * @param metricsToken a bearer token that opens {@code GET /metrics} to a scraper ({@code PULSE_METRICS_TOKEN}),
 *     or null
 */
public record SecurityConfig(String secret, String secretHash, boolean insecure, String tlsCert, String tlsKey,
    long sessionTtlMs, String metricsToken) {

  public static final long DEFAULT_SESSION_TTL_MS = 12 * 3600_000L;

  public static SecurityConfig none() {
    return new SecurityConfig(null, null, false, null, null, DEFAULT_SESSION_TTL_MS, null);
  }

  public boolean authEnabled() {
    return secret != null || secretHash != null;
  }

  public boolean tls() {
    return tlsCert != null && tlsKey != null;
  }

  public SecurityConfig withSecret(String v) {
    return new SecurityConfig(v, secretHash, insecure, tlsCert, tlsKey, sessionTtlMs, metricsToken);
  }

  public SecurityConfig withSecretHash(String v) {
    return new SecurityConfig(secret, v, insecure, tlsCert, tlsKey, sessionTtlMs, metricsToken);
  }

  public SecurityConfig withSessionTtlMs(long v) {
    return new SecurityConfig(secret, secretHash, insecure, tlsCert, tlsKey, v, metricsToken);
  }

  public SecurityConfig withMetricsToken(String v) {
    return new SecurityConfig(secret, secretHash, insecure, tlsCert, tlsKey, sessionTtlMs, v);
  }

  public SecurityConfig withTls(String cert, String key) {
    return new SecurityConfig(secret, secretHash, insecure, cert, key, sessionTtlMs, metricsToken);
  }
}
