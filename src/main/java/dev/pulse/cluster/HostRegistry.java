package dev.pulse.cluster;

import dev.pulse.bus.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Which node owns which Docker host, in a cluster-wide map (a local one when not clustered). A host name is claimed
 * once in the cluster; a claim left by a node that is no longer a member is taken over.
 */
public final class HostRegistry {

  public static final String MAP = "pulse.hosts";
  private static final String MEMBER = "Member";

  private final Vertx vertx;
  private final String node;
  private final String member;
  private final Supplier<Collection<String>> members;

  public HostRegistry(Vertx vertx, String node, String member, Supplier<Collection<String>> members) {
    this.vertx = vertx;
    this.node = node;
    this.member = member;
    this.members = members;
  }

  private Future<AsyncMap<String, JsonObject>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }

  /** Claims every host for this node, or fails naming the first one another live node owns. */
  public Future<Void> claim(List<String> hosts) {
    JsonObject mine = new JsonObject().put(Fields.NODE, node).put(MEMBER, member);
    return map().compose(map -> {
      Future<Void> chain = Future.succeededFuture();
      for (String host : hosts) {
        chain = chain.compose(v -> map.putIfAbsent(host, mine).compose(previous -> {
          if (previous == null || previous.getString(MEMBER).equals(member)) return Future.succeededFuture();
          if (!members.get().contains(previous.getString(MEMBER))) {
            return map.replaceIfPresent(host, previous, mine).compose(replaced -> replaced
                ? Future.<Void>succeededFuture()
                : Future.failedFuture(duplicate(host, "another node")));
          }
          return Future.failedFuture(duplicate(host, "node " + previous.getString(Fields.NODE)));
        }));
      }
      return chain;
    });
  }

  private static IllegalStateException duplicate(String host, String owner) {
    return new IllegalStateException("Docker host name '" + host + "' is already owned by " + owner
        + " in this cluster; host names in PULSE_DOCKER_HOSTS must be unique across nodes");
  }

  /** Gives back this node's claims (clean shutdown). */
  public Future<Void> release(List<String> hosts) {
    JsonObject mine = new JsonObject().put(Fields.NODE, node).put(MEMBER, member);
    return map().compose(map -> Future.join(hosts.stream().map(h -> map.removeIfPresent(h, mine)).toList()))
        .<Void>mapEmpty().otherwiseEmpty();
  }

  /** Every host of the cluster → its owning node's name and whether that node is still a member. */
  public Future<Map<String, Owner>> hosts() {
    return map().compose(AsyncMap::entries).map(entries -> {
      Collection<String> alive = members.get();
      Map<String, Owner> out = new TreeMap<>();
      entries.forEach((host, owner) -> out.put(host,
          new Owner(owner.getString(Fields.NODE), alive.contains(owner.getString(MEMBER)))));
      return out;
    });
  }

  /** The owner of one host, or null: one entry read, not the whole map (every metrics request asks). */
  public Future<Owner> owner(String host) {
    return map().compose(map -> map.get(host)).map(owner -> owner == null ? null
        : new Owner(owner.getString(Fields.NODE), members.get().contains(owner.getString(MEMBER))));
  }

  public record Owner(String node, boolean alive) {}
}
