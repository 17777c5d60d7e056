package dev.pulse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.ConfigException;
import dev.pulse.config.SecurityConfig;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.mindrot.jbcrypt.BCrypt;

class AuthenticatorTest {

  @Test
  void offWithoutSecret() {
    assertNull(Authenticator.from(SecurityConfig.none()));
  }

  @Test
  void clearSecret() {
    Authenticator a = Authenticator.from(SecurityConfig.none().withSecret("s3cret"));
    assertTrue(a.matches("s3cret"));
    assertFalse(a.matches("s3cre"));
    assertFalse(a.matches("s3cret "));
    assertFalse(a.matches(null));
  }

  @Test
  void sha256Hash() {
    String hex = HexFormat.of().formatHex(Authenticator.digest("hunter2"));
    for (String hash : new String[] {"sha256:" + hex, hex, hex.toUpperCase()}) {
      Authenticator a = Authenticator.from(SecurityConfig.none().withSecretHash(hash));
      assertTrue(a.matches("hunter2"), hash);
      assertFalse(a.matches("hunter3"), hash);
    }
  }

  @Test
  void bcryptHashOfAnyPrefix() {
    String hash = BCrypt.hashpw("correct horse", BCrypt.gensalt(4));
    for (String h : new String[] {hash, "$2b$" + hash.substring(4), "$2y$" + hash.substring(4)}) {
      Authenticator a = Authenticator.from(SecurityConfig.none().withSecretHash(h));
      assertTrue(a.slow());
      assertTrue(a.matches("correct horse"));
      assertFalse(a.matches("battery staple"));
    }
  }

  @Test
  void anUnreadableHashStopsStartUp() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Authenticator.from(SecurityConfig.none().withSecretHash("md5:abc")));
    assertTrue(e.getMessage().startsWith("PULSE_AUTH_SECRET_HASH"));
  }
}
