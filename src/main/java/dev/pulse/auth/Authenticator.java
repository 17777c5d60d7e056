package dev.pulse.auth;

import dev.pulse.config.ConfigException;
import dev.pulse.config.SecurityConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Checks a login password against the configured secret: in clear, as a SHA-256 hash, or as a bcrypt hash. Clear and
 * SHA-256 secrets are compared as SHA-256 digests with {@link MessageDigest#isEqual}, which takes the same time
 * wherever the first difference is; bcrypt is slow by design (run it off the event loop).
 */
public final class Authenticator {

  private final byte[] sha256;
  private final String bcrypt;

  private Authenticator(byte[] sha256, String bcrypt) {
    this.sha256 = sha256;
    this.bcrypt = bcrypt;
  }

  /** Null when authentication is off. Throws {@link ConfigException} for a hash it cannot read. */
  public static Authenticator from(SecurityConfig security) {
    if (security.secret() != null) return new Authenticator(digest(security.secret()), null);
    String hash = security.secretHash();
    if (hash == null) return null;
    if (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$")) {
      // jBCrypt knows the $2a$ prefix only; $2b$ and $2y$ are the same algorithm
      String normalized = "$2a$" + hash.substring(4);
      if (normalized.length() != 60) throw new ConfigException("PULSE_AUTH_SECRET_HASH: not a bcrypt hash");
      return new Authenticator(null, normalized);
    }
    String hex = hash.startsWith("sha256:") ? hash.substring("sha256:".length()) : hash;
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      throw new ConfigException("PULSE_AUTH_SECRET_HASH: expected sha256:<64 hex digits> or a bcrypt hash ($2a$…)");
    }
    return new Authenticator(HexFormat.of().parseHex(hex.toLowerCase()), null);
  }

  /** Whether checking costs enough to belong on a worker thread. */
  public boolean slow() {
    return bcrypt != null;
  }

  public boolean matches(String password) {
    if (password == null) return false;
    if (bcrypt != null) {
      try {
        return BCrypt.checkpw(password, bcrypt);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return MessageDigest.isEqual(sha256, digest(password));
  }

  static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
