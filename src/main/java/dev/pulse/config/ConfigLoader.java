package dev.pulse.config;

import static dev.pulse.config.ConfigValues.absolutePath;
import static dev.pulse.config.ConfigValues.bool;
import static dev.pulse.config.ConfigValues.label;
import static dev.pulse.config.ConfigValues.list;
import static dev.pulse.config.ConfigValues.number;
import static dev.pulse.config.ConfigValues.oneOf;
import static dev.pulse.config.ConfigValues.optional;
import static dev.pulse.config.ConfigValues.string;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Reads the configuration through vertx-config: {@code conf/config.json} (the working directory's, else the one
 * embedded in the jar), then the file named by {@code PULSE_CONFIG}, then environment variables over both.
 */
public final class ConfigLoader {

  /** Environment variable → JSON key. The JSON file uses the keys on the right. */
  public static final Map<String, String> ENV_KEYS = Map.ofEntries(
      Map.entry("PULSE_NODE_ID", "nodeId"),
      Map.entry("PULSE_HTTP_HOST", "httpHost"),
      Map.entry("PULSE_HTTP_PORT", "httpPort"),
      Map.entry("PULSE_HTTP_INSTANCES", "httpInstances"),
      Map.entry("PULSE_POLL_INTERVAL_MS", "pollIntervalMs"),
      Map.entry("PULSE_BUFFER_SIZE", "bufferSize"),
      Map.entry("PULSE_LINGER_MS", "lingerMs"),
      Map.entry("PULSE_IDLE_TIMEOUT_MS", "idleTimeoutMs"),
      Map.entry("PULSE_DOCKER_HOSTS", "dockerHosts"),
      Map.entry("PULSE_SAMPLING", "sampling"),
      Map.entry("PULSE_COLLECTOR", "collector"),
      Map.entry("PULSE_CGROUP_ROOT", "cgroupRoot"),
      Map.entry("PULSE_PROC_ROOT", "procRoot"),
      Map.entry("PULSE_AUTH_SECRET", "authSecret"),
      Map.entry("PULSE_AUTH_SECRET_HASH", "authSecretHash"),
      Map.entry("PULSE_SESSION_TTL_MS", "sessionTtlMs"),
      Map.entry("PULSE_INSECURE", "insecure"),
      Map.entry("PULSE_TLS_CERT", "tlsCert"),
      Map.entry("PULSE_TLS_KEY", "tlsKey"),
      Map.entry("PULSE_ALLOWED_ORIGINS", "allowedOrigins"),
      Map.entry("PULSE_TRUSTED_PROXIES", "trustedProxies"),
      Map.entry("PULSE_HTTP_IDLE_TIMEOUT_MS", "httpIdleTimeoutMs"),
      Map.entry("PULSE_BRIDGE_PING_TIMEOUT_MS", "bridgePingTimeoutMs"),
      Map.entry("PULSE_CLUSTER", "cluster"),
      Map.entry("PULSE_CLUSTER_HOST", "clusterHost"),
      Map.entry("PULSE_CLUSTER_PORT", "clusterPort"),
      Map.entry("PULSE_CLUSTER_MEMBERS", "clusterMembers"),
      Map.entry("PULSE_DATA_DIR", "dataDir"),
      Map.entry("PULSE_LOG_LEVEL", "logLevel"),
      Map.entry("PULSE_LOG_FORMAT", "logFormat"),
      Map.entry("PULSE_METRICS_TOKEN", "metricsToken"));

  private ConfigLoader() {}

  public static Future<PulseConfig> load(Vertx vertx) {
    return raw(vertx).map(ConfigLoader::parse);
  }

  /** The merged sources before validation: {@link #logging} and {@link #parse} both read it. */
  public static Future<JsonObject> raw(Vertx vertx) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setIncludeDefaultStores(false)
        .addStore(new ConfigStoreOptions().setType("file").setOptional(true)
            .setConfig(new JsonObject().put("path", "conf/config.json")));
    String explicit = System.getenv("PULSE_CONFIG");
    if (explicit != null && !explicit.isBlank()) {
      options.addStore(new ConfigStoreOptions().setType("file").setConfig(new JsonObject().put("path", explicit)));
    }
    options.addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject()
        .put("raw-data", true)
        .put("keys", new JsonArray(new java.util.ArrayList<>(ENV_KEYS.keySet())).add("DOCKER_HOST"))));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(err -> Future.failedFuture(new ConfigException("configuration could not be read: " + err.getMessage())))
        .eventually(() -> {
          retriever.close();
          return Future.succeededFuture();
        });
  }

  /** Merges env keys over JSON keys and validates every value; throws {@link ConfigException} naming the key. */
  public static PulseConfig parse(JsonObject raw) {
    JsonObject merged = merge(raw);
    PulseConfig d = PulseConfig.defaults();
    String nodeId = string(merged, "nodeId", d.nodeId());
    if (!nodeId.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new ConfigException(label("nodeId") + " must be 1-64 letters, digits, '.', '_' or '-' (got '" + nodeId + "')");
    }
    String host = string(merged, "httpHost", d.httpHost());
    long port = number(merged, "httpPort", d.httpPort(), 0, 65535);
    long httpInstances = number(merged, "httpInstances", d.httpInstances(), 1, PulseConfig.MAX_HTTP_INSTANCES);
    long interval = number(merged, "pollIntervalMs", d.pollIntervalMs(), 100, 3_600_000);
    long buffer = number(merged, "bufferSize", d.bufferSize(), 2, 1_000_000);
    long linger = number(merged, "lingerMs", d.lingerMs(), 0, Integer.MAX_VALUE);
    long idle = number(merged, "idleTimeoutMs", d.idleTimeoutMs(), 0, Integer.MAX_VALUE);
    List<DockerHostSpec> hosts = merged.containsKey("dockerHosts") && !string(merged, "dockerHosts", "").isBlank()
        ? DockerHostSpec.parseList(string(merged, "dockerHosts", ""))
        : DockerHostSpec.defaultHosts(merged.getString("DOCKER_HOST"));
    SamplingMode sampling = SamplingMode.parse(string(merged, "sampling", "auto"), interval);
    SecurityConfig security = new SecurityConfig(optional(merged, "authSecret"), optional(merged, "authSecretHash"),
        bool(merged, "insecure"), optional(merged, "tlsCert"), optional(merged, "tlsKey"),
        number(merged, "sessionTtlMs", SecurityConfig.DEFAULT_SESSION_TTL_MS, 60_000, 30L * 24 * 3600_000),
        list(merged, "allowedOrigins", "https?://[a-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9a-f:]+\\](:[0-9]{1,5})?",
            "an origin scheme://host[:port]"),
        list(merged, "trustedProxies", "[0-9.]+|[0-9a-f:]+", "an IP address"),
        number(merged, "httpIdleTimeoutMs", SecurityConfig.DEFAULT_HTTP_IDLE_TIMEOUT_MS, 1_000, 3_600_000),
        number(merged, "bridgePingTimeoutMs", SecurityConfig.DEFAULT_BRIDGE_PING_TIMEOUT_MS, 1_000, 3_600_000),
        metricsToken(merged));
    checkSecurity(host, security);
    ClusterConfig cluster = cluster(merged);
    String dataDir = string(merged, "dataDir", d.dataDir());
    if (dataDir.indexOf('\0') >= 0) throw new ConfigException(label("dataDir") + " must not contain a NUL character");
    CollectorConfig collector = collector(merged, hosts);
    return new PulseConfig(nodeId, host, (int) port, interval, (int) buffer, linger, idle, hosts, sampling, security,
        cluster, collector, dataDir, (int) httpInstances);
  }

  private static CollectorConfig collector(JsonObject merged, List<DockerHostSpec> hosts) {
    CollectorConfig.Mode mode = CollectorConfig.Mode.parse(string(merged, "collector", "auto"));
    if (mode == CollectorConfig.Mode.CGROUP) {
      for (DockerHostSpec h : hosts) {
        if (!h.local()) {
          throw new ConfigException(label("collector") + " cgroup reads this machine's kernel, but host '" + h.name()
              + "' is remote (" + h.url() + "); use auto or api");
        }
      }
    }
    return new CollectorConfig(mode, absolutePath(merged, "cgroupRoot", CollectorConfig.DEFAULT_CGROUP_ROOT),
        absolutePath(merged, "procRoot", CollectorConfig.DEFAULT_PROC_ROOT));
  }

  private static JsonObject merge(JsonObject raw) {
    JsonObject merged = raw.copy();
    ENV_KEYS.forEach((env, key) -> {
      if (raw.containsKey(env)) merged.put(key, raw.getValue(env));
    });
    return merged;
  }

  /** {@code PULSE_LOG_LEVEL} and {@code PULSE_LOG_FORMAT}, read first so that everything after is logged as asked. */
  public static LogConfig logging(JsonObject raw) {
    JsonObject merged = merge(raw);
    LogConfig d = LogConfig.defaults();
    return new LogConfig(oneOf(merged, "logLevel", d.level(), LogConfig.LEVELS),
        oneOf(merged, "logFormat", d.format(), LogConfig.FORMATS));
  }

  private static ClusterConfig cluster(JsonObject merged) {
    boolean on = bool(merged, "cluster");
    String host = string(merged, "clusterHost", "127.0.0.1");
    int port = (int) number(merged, "clusterPort", ClusterConfig.DEFAULT_PORT, 1, 65535);
    String members = string(merged, "clusterMembers", "127.0.0.1:" + ClusterConfig.DEFAULT_PORT);
    List<String> list = new java.util.ArrayList<>();
    for (String m : members.split(",")) {
      String member = m.trim();
      if (!member.matches("[A-Za-z0-9.:\\[\\]-]+:[0-9]{1,5}")) {
        throw new ConfigException(label("clusterMembers") + ": '" + member + "' is not host:port");
      }
      list.add(member);
    }
    return new ClusterConfig(on, host, port, list);
  }

  /** A bearer token a scraper sends; short or odd tokens are refused so a weak one is not taken by mistake. */
  private static String metricsToken(JsonObject merged) {
    String token = optional(merged, "metricsToken");
    if (token != null && !token.matches("[A-Za-z0-9._~+/=-]{16,256}")) {
      throw new ConfigException(label("metricsToken") + " must be 16 to 256 characters of A-Z a-z 0-9 . _ ~ + / = -");
    }
    return token;
  }

  /** Refuses an open door: a non-loopback listener without authentication, unless explicitly intended. */
  static void checkSecurity(String host, SecurityConfig security) {
    if (security.secret() != null && security.secretHash() != null) {
      throw new ConfigException(label("authSecret") + " and " + label("authSecretHash") + " are both set; keep one");
    }
    if ((security.tlsCert() == null) != (security.tlsKey() == null)) {
      throw new ConfigException(label("tlsCert") + " and " + label("tlsKey") + " go together: set both or neither");
    }
    if (!security.authEnabled() && !security.insecure() && !loopback(host)) {
      throw new ConfigException("refusing to listen on " + host + " without authentication: set PULSE_AUTH_SECRET"
          + " (or PULSE_AUTH_SECRET_HASH), or PULSE_INSECURE=true if an open door is intended");
    }
  }

  static boolean loopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }

}
