package dev.pulse.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.XmlConfigBuilder;
import dev.pulse.config.ClusterConfig;
import dev.pulse.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.transport.Transport;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Vert.x instance a node runs on: a plain one, or a clustered one over Hazelcast configured from
 * {@code conf/cluster.xml} (the working directory's, else the jar's) with this node's port, members and interface.
 * Either runs its sockets on Netty's native epoll transport where it loads (Linux x86_64: the jar carries it), else
 * on Java NIO.
 */
public final class ClusterSetup {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);

  private final Vertx vertx;
  private final String memberId;
  private final Supplier<Collection<String>> members;

  private ClusterSetup(Vertx vertx, String memberId, Supplier<Collection<String>> members) {
    this.vertx = vertx;
    this.memberId = memberId;
    this.members = members;
  }

  /** A single node: its only member is itself. */
  public static ClusterSetup standalone(Vertx vertx, String nodeId) {
    return new ClusterSetup(vertx, nodeId, () -> Set.of(nodeId));
  }

  public static Future<ClusterSetup> start(ClusterConfig cluster, String nodeId) {
    if (!cluster.enabled()) return Future.succeededFuture(logTransport(standalone(nodeVertx(), nodeId)));
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(cluster));
    VertxOptions options = options().setEventBusOptions(new EventBusOptions().setHost(cluster.host())
        .setClusterPublicHost(cluster.host()).setPort(0));
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
        .map(v -> logTransport(new ClusterSetup(v, manager.getNodeId(), manager::getNodes)));
  }

  /**
   * What every node's Vert.x starts with. Netty's epoll transport does less per socket write than Java NIO (no JDK
   * channel locks and selector bookkeeping), and socket writes are most of a push to many browsers; where it does not
   * load (another OS or architecture, {@code -Dio.netty.transport.noNative=true}) Vert.x falls back to NIO.
   */
  public static VertxOptions options() {
    return new VertxOptions().setPreferNativeTransport(true);
  }

  /** An unclustered Vert.x with the node's {@link #options()}. */
  public static Vertx nodeVertx() {
    return Vertx.builder().with(options()).build();
  }

  /** The transport a Vert.x runs its sockets on, as the start-up log and the benchmarks name it. */
  public static String transport(Vertx vertx) {
    if (!vertx.isNativeTransportEnabled()) return "nio";
    Transport t = Transport.nativeTransport();
    return t == null ? "native" : t.name();
  }

  private static ClusterSetup logTransport(ClusterSetup setup) {
    Throwable why = setup.vertx.unavailableNativeTransportCause();
    if (why == null) {
      LOG.info("sockets on the {} transport", transport(setup.vertx));
    } else {
      LOG.info("sockets on the nio transport (native transport unavailable: {})", why.toString());
    }
    return setup;
  }

  static Config hazelcast(ClusterConfig cluster) {
    Config config;
    try (InputStream xml = open()) {
      config = new XmlConfigBuilder(xml).build();
    } catch (IOException e) {
      throw new ConfigException("conf/cluster.xml could not be read: " + e.getMessage());
    }
    config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).clear().addInterface(cluster.host());
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    return config;
  }

  private static InputStream open() throws IOException {
    Path local = Path.of("conf/cluster.xml");
    if (Files.isReadable(local)) return Files.newInputStream(local);
    InputStream embedded = ClusterSetup.class.getClassLoader().getResourceAsStream("conf/cluster.xml");
    if (embedded == null) throw new IOException("not in the working directory nor in the jar");
    return embedded;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** This node's identity among the members (the cluster manager's node id, or the config's node id alone). */
  public String memberId() {
    return memberId;
  }

  /** The members alive right now. */
  public Supplier<Collection<String>> members() {
    return members;
  }
}
