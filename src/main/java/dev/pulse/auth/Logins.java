package dev.pulse.auth;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;

/** What the bridge and its sessions ask about logins: which one a request carries, and until when it holds. */
public interface Logins {

  /** Whether authentication is on; when off every request counts as logged in. */
  boolean required();

  /** The login token a request carries (its session cookie), or null. */
  String token(MultiMap headers);

  /** Epoch ms at which {@code token}'s login ends; 0 when it is unknown, logged out or expired. Any context. */
  Future<Long> validUntil(String token);
}
