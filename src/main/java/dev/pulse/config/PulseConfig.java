package dev.pulse.config;

import java.util.List;
import java.util.UUID;

/**
 * Everything Pulse is configured with. Immutable; {@link ConfigLoader} builds it from the JSON file and the
 * environment, tests build it with the {@code with*} methods.
 */
public record PulseConfig(
    String nodeId,
    String httpHost,
    int httpPort,
    long pollIntervalMs,
    int bufferSize,
    long lingerMs,
    long idleTimeoutMs,
    List<DockerHostSpec> dockerHosts,
    SamplingMode sampling,
    SecurityConfig security,
    ClusterConfig cluster,
    CollectorConfig collector) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_INTERVAL_MS = 3000;
  public static final int DEFAULT_BUFFER_SIZE = 3000;
  public static final long DEFAULT_LINGER_MS = 60_000;
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 1_800_000;

  public PulseConfig {
    dockerHosts = List.copyOf(dockerHosts);
  }

  public static PulseConfig defaults() {
    return new PulseConfig(
        "node-" + UUID.randomUUID().toString().substring(0, 8), DEFAULT_HOST, DEFAULT_PORT, DEFAULT_INTERVAL_MS,
        DEFAULT_BUFFER_SIZE, DEFAULT_LINGER_MS, DEFAULT_IDLE_TIMEOUT_MS,
        DockerHostSpec.defaultHosts(System.getenv("DOCKER_HOST")), SamplingMode.ONESHOT, SecurityConfig.none(),
        ClusterConfig.none(), CollectorConfig.defaults());
  }

  public PulseConfig withNodeId(String v) {
    return new PulseConfig(v, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, cluster, collector);
  }

  public PulseConfig withHttp(String host, int port) {
    return new PulseConfig(nodeId, host, port, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, cluster, collector);
  }

  public PulseConfig withPollIntervalMs(long v) {
    return new PulseConfig(nodeId, httpHost, httpPort, v, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, cluster, collector);
  }

  public PulseConfig withBufferSize(int v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, v, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, cluster, collector);
  }

  public PulseConfig withLingerMs(long v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, v, idleTimeoutMs, dockerHosts, sampling, security, cluster, collector);
  }

  public PulseConfig withIdleTimeoutMs(long v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, v, dockerHosts, sampling, security, cluster, collector);
  }

  public PulseConfig withDockerHosts(List<DockerHostSpec> v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, v, sampling, security, cluster, collector);
  }

  public PulseConfig withSampling(SamplingMode v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, v, security, cluster, collector);
  }

  public PulseConfig withSecurity(SecurityConfig v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, v, cluster, collector);
  }

  public PulseConfig withCluster(ClusterConfig v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, v, collector);
  }

  public PulseConfig withCollector(CollectorConfig v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, cluster, v);
  }
}
