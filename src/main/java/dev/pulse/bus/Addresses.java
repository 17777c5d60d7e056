package dev.pulse.bus;

/**
 * Every event-bus address Pulse uses. Only {@link #COMMAND} (inbound), {@link #METRICS_PREFIX}* and
 * {@link #CONTAINERS} (outbound) pass the SockJS bridge; everything under {@code pulse.internal.} stays in the server.
 */
public final class Addresses {

  /** Bridge inbound, request/reply: {@code {"Action": ..., "Args": {...}}}. */
  public static final String COMMAND = "pulse.command";
  /**
   * Bridge outbound: {@code pulse.metrics.<host>.<full id>} carries every new MetricPoint of that container. Browsers
   * register for it as for any bridge address, but nothing publishes on it: the fan-out writes the points to the
   * registered sockets itself (see {@link #points}).
   */
  public static final String METRICS_PREFIX = "pulse.metrics.";
  /** Bridge outbound: container state changes and host availability changes. */
  public static final String CONTAINERS = "pulse.containers";
  /**
   * Bridge outbound: {@code pulse.summary.<host>} carries, once an interval, {@code {"Host", "Points": {id: point}}}:
   * the newest MetricPoint of every container of that host sampled since the last summary. One registration per host
   * for the list instead of one per row. Registering takes no lease; {@code host.summary} does.
   */
  public static final String SUMMARY_PREFIX = "pulse.summary.";

  /**
   * Ring buffer → each node's {@code MetricsFanout}: {@code pulse.internal.points.<host>.<full id>} carries every
   * new MetricPoint, which the fan-out writes to the bridge sockets registered for {@link #metrics}.
   */
  private static final String POINTS_PREFIX = "pulse.internal.points.";
  /** Poller → this node's Prometheus counters: the newest cumulative values of a container ({@code Counters}). */
  public static final String COUNTERS = "pulse.internal.counters";
  private static final String SCRAPE_PREFIX = "pulse.internal.scrape.";
  /** Poller → ring buffer: one sample without sequence number. */
  public static final String SAMPLES = "pulse.internal.samples";
  private static final String HISTORY_PREFIX = "pulse.internal.history.";
  /** Ring buffer drop of a removed container's history: {@code {Host, Id}}. */
  public static final String HISTORY_DROP = "pulse.internal.history.drop";
  /**
   * Ring buffer of this node: {@code {History, HistoryError}} for {@code status}. Not under
   * {@code pulse.internal.history.}, where a host of that name would answer.
   */
  public static final String HISTORY_STATE = "pulse.internal.history-state";
  /** Poller supervisor of this node: {@code status}. */
  public static final String LEASES = "pulse.internal.leases";
  /** Published to every node's supervisor when a session ends: {@code {Holder}}. */
  public static final String LEASES_RELEASE_ALL = "pulse.internal.leases.release-all";
  private static final String LEASES_PREFIX = "pulse.internal.leases.host.";
  /** Ring buffer: this node's CPU and samples over the last minute, {@code {CpuPercent, SamplesPerSecond, CpuMsPerSample}}. */
  public static final String COST = "pulse.internal.cost";
  /** HTTP verticle: number of open bridge sessions. */
  public static final String SESSIONS = "pulse.internal.sessions";

  /** Ring buffer of the node owning a host: the newest points of its containers, for {@code host.summary}. */
  private static final String RECENT_PREFIX = "pulse.internal.recent.";
  /**
   * This node's login throttle ({@code auth/LoginsVerticle}, local): {@code {Op: admit|failed|succeeded, Client}};
   * admit answers {@code {WaitMs, DelayMs}}.
   */
  public static final String LOGIN_THROTTLE = "pulse.internal.login.throttle";
  /** Published cluster-wide on logout, {@code {Login}}: every node's {@code LoginsVerticle} hears it. */
  public static final String LOGOUT = "pulse.internal.login.logout";
  /** Published on this node by its {@code LoginsVerticle} after a logout anywhere: its session verticles hear it. */
  public static final String LOGIN_ENDED = "pulse.internal.login.ended";
  private static final String SOCKJS_PREFIX = "pulse.internal.sockjs.";

  private static final String HOST_PREFIX = "pulse.internal.host.";
  private static final String SESSION_PREFIX = "pulse.internal.session.";

  private Addresses() {}

  public static String metrics(String host, String containerId) {
    return METRICS_PREFIX + host + "." + containerId;
  }

  public static String summary(String host) {
    return SUMMARY_PREFIX + host;
  }

  /** Ring buffer of the node owning {@code host}: {@code {Ids: [...]}} → {@code {Points: {id: columns}}}. */
  public static String recent(String host) {
    return RECENT_PREFIX + host;
  }

  public static String points(String host, String containerId) {
    return POINTS_PREFIX + host + "." + containerId;
  }

  public static String metrics(ContainerKey key) {
    return metrics(key.host(), key.id());
  }

  public static String points(ContainerKey key) {
    return points(key.host(), key.id());
  }

  /** Ring buffer of the node owning {@code host}: {@code {Host, Id, From}} → {@code {Metrics, From}}. */
  public static String history(String host) {
    return HISTORY_PREFIX + host;
  }

  /** Prometheus counters of the node owning {@code host}: {@code {}} → its running containers' newest counters. */
  public static String scrape(String host) {
    return SCRAPE_PREFIX + host;
  }

  /** Poller supervisor of the node owning {@code host}: acquire, release, touch. */
  public static String leases(String host) {
    return LEASES_PREFIX + host;
  }

  /** Discovery verticle of one Docker host; ops: info, list, resolve. */
  public static String host(String host) {
    return HOST_PREFIX + host;
  }

  /** One session verticle; ops: watch, unwatch. */
  public static String session(String sessionId) {
    return SESSION_PREFIX + sessionId;
  }

  /** The session verticle of an xhr SockJS session (local): is {@code {Login}} the login it was opened with? */
  public static String sockJs(String sockJsId) {
    return SOCKJS_PREFIX + sockJsId;
  }

  /** Parses {@code pulse.metrics.<host>.<id>} into host and id, or null when the address has another shape. */
  public static String[] parseMetrics(String address) {
    if (address == null || !address.startsWith(METRICS_PREFIX)) return null;
    String rest = address.substring(METRICS_PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot <= 0 || dot == rest.length() - 1) return null;
    return new String[] {rest.substring(0, dot), rest.substring(dot + 1)};
  }

  /** The container of {@code pulse.metrics.<host>.<full id>}, or null for any other address (or a short id). */
  public static ContainerKey metricsKey(String address) {
    String[] parts = parseMetrics(address);
    return parts == null ? null : ContainerKey.orNull(parts[0], parts[1]);
  }
}
