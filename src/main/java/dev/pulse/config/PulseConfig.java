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
    CollectorConfig collector,
    String dataDir,
    int httpInstances) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_INTERVAL_MS = 3000;
  public static final int DEFAULT_BUFFER_SIZE = 3000;
  public static final long DEFAULT_LINGER_MS = 60_000;
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 1_800_000;
  public static final String DEFAULT_DATA_DIR = "data";

  /** At most this many HTTP verticles: each is an event loop's worth of sockets. */
  public static final int MAX_HTTP_INSTANCES = 256;

  public PulseConfig {
    dockerHosts = List.copyOf(dockerHosts);
  }

  /** One HTTP verticle per core: the sockets of one push are written in parallel (BENCHMARKS.md §2). */
  public static int defaultHttpInstances() {
    return Math.min(MAX_HTTP_INSTANCES, Runtime.getRuntime().availableProcessors());
  }

  public static PulseConfig defaults() {
    return new PulseConfig(
        "node-" + UUID.randomUUID().toString().substring(0, 8), DEFAULT_HOST, DEFAULT_PORT, DEFAULT_INTERVAL_MS,
        DEFAULT_BUFFER_SIZE, DEFAULT_LINGER_MS, DEFAULT_IDLE_TIMEOUT_MS,
        DockerHostSpec.defaultHosts(System.getenv("DOCKER_HOST")), SamplingMode.ONESHOT, SecurityConfig.none(),
        ClusterConfig.none(), CollectorConfig.defaults(), DEFAULT_DATA_DIR, defaultHttpInstances());
  }

  public PulseConfig withNodeId(String v) {
    return new PulseConfig(v, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, cluster, collector, dataDir, httpInstances);
  }

  public PulseConfig withHttp(String host, int port) {
    return new PulseConfig(nodeId, host, port, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, cluster, collector, dataDir, httpInstances);
  }

  public PulseConfig withPollIntervalMs(long v) {
    return new PulseConfig(nodeId, httpHost, httpPort, v, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, cluster, collector, dataDir, httpInstances);
  }

  public PulseConfig withBufferSize(int v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, v, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, cluster, collector, dataDir, httpInstances);
  }

  public PulseConfig withLingerMs(long v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, v, idleTimeoutMs, dockerHosts, sampling, security, cluster, collector, dataDir, httpInstances);
  }

  public PulseConfig withIdleTimeoutMs(long v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, v, dockerHosts, sampling, security, cluster, collector, dataDir, httpInstances);
  }

  public PulseConfig withDockerHosts(List<DockerHostSpec> v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, v, sampling, security, cluster, collector, dataDir, httpInstances);
  }

  public PulseConfig withSampling(SamplingMode v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, v, security, cluster, collector, dataDir, httpInstances);
  }

  public PulseConfig withSecurity(SecurityConfig v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, v, cluster, collector, dataDir, httpInstances);
  }

  public PulseConfig withCluster(ClusterConfig v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, v, collector, dataDir, httpInstances);
  }

  public PulseConfig withCollector(CollectorConfig v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, cluster, v, dataDir, httpInstances);
  }

  public PulseConfig withDataDir(String v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, cluster, collector, v, httpInstances);
  }

  public PulseConfig withHttpInstances(int v) {
    return new PulseConfig(nodeId, httpHost, httpPort, pollIntervalMs, bufferSize, lingerMs, idleTimeoutMs, dockerHosts, sampling, security, cluster, collector, dataDir, v);
  }
}
