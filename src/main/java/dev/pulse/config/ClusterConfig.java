package dev.pulse.config;

import java.util.List;

/**
 * Clustering over Hazelcast: off by default. {@code host} is both the address Hazelcast binds and announces and the
 * event bus's; the members are the {@code host:port} list TCP/IP join tries (no multicast, no auto-detection).
 */
public record ClusterConfig(boolean enabled, String host, int port, List<String> members) {

  public static final int DEFAULT_PORT = 5701;

  public ClusterConfig {
    members = List.copyOf(members);
  }

  public static ClusterConfig none() {
    return new ClusterConfig(false, "127.0.0.1", DEFAULT_PORT, List.of("127.0.0.1:" + DEFAULT_PORT));
  }

  public static ClusterConfig on(String host, int port, List<String> members) {
    return new ClusterConfig(true, host, port, members);
  }
}
