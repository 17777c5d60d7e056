package dev.pulse.session;

import dev.pulse.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pushes MetricPoints to the bridge sockets registered for {@code pulse.metrics.<host>.<id>}: one event-bus consumer
 * per watched container (not one per socket), and each point encoded into its bridge frame once, then the same bytes
 * written to every socket. The bridge's own per-socket delivery (a message copy, a permission check, a bridge event
 * and a JSON encode per socket) made the last of many browsers get a point long after the first (BENCHMARKS.md §2).
 *
 * <p>The bridge still accepts and tracks the registrations themselves; the points just never travel on the address the
 * sockets registered for (the ring buffer publishes them on {@link Addresses#points}), so the bridge has nothing to
 * deliver twice. A routing table only: which addresses a socket has is its {@link SessionVerticle}'s business, which
 * adds and removes them (its undeploy removes them all). Confined to the event loop of the HTTP verticle that owns it,
 * like {@link SessionBridge}: with several instances, each has its own consumers and writes its own sockets.
 */
public final class MetricsFanout {

  private final Vertx vertx;
  private final Map<String, Watchers> byAddress = new HashMap<>();

  /** The sockets registered for one container's metrics address, and the consumer feeding them. */
  private static final class Watchers {
    final Set<SockJSSocket> sockets = new LinkedHashSet<>();
    MessageConsumer<JsonObject> consumer;
  }

  public MetricsFanout(Vertx vertx) {
    this.vertx = vertx;
  }

  /** {@code sock} receives the points of {@code address} ({@code pulse.metrics.<host>.<id>}) from now on. */
  public void add(SockJSSocket sock, String address) {
    String[] target = Addresses.parseMetrics(address);
    if (target == null) return;
    byAddress.computeIfAbsent(address, a -> {
      Watchers created = new Watchers();
      // the frame the bridge itself writes for a registered address, so clients cannot tell the difference
      created.consumer = vertx.eventBus().<JsonObject>consumer(Addresses.points(target[0], target[1]), msg -> {
        Buffer frame = Buffer.buffer(new JsonObject().put("type", "rec").put("address", address)
            .put("body", msg.body()).encode());
        // a copy: a socket closing during the loop takes itself out of the set
        for (SockJSSocket s : List.copyOf(created.sockets)) s.write(frame);
      });
      return created;
    }).sockets.add(sock);
  }

  public void remove(SockJSSocket sock, String address) {
    Watchers w = byAddress.get(address);
    if (w == null || !w.sockets.remove(sock) || !w.sockets.isEmpty()) return;
    byAddress.remove(address);
    w.consumer.unregister();
  }
}
