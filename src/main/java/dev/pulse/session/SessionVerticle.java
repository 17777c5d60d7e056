package dev.pulse.session;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import dev.pulse.polling.PollerSupervisorVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One browser connection. Deployed when its SockJS socket opens and undeployed when it closes; holds a lease on every
 * container the browser watches (registered for its metrics, or asked for its history), and gives them all back on
 * undeploy, so pollers nobody else watches start their linger.
 */
public final class SessionVerticle extends VerticleBase {

  public static final String OP_WATCH = "watch";
  public static final String OP_UNWATCH = "unwatch";

  private static final DeliveryOptions LEASE = new DeliveryOptions().setSendTimeout(10_000);

  private final String sessionId;
  private final Set<String> watched = new HashSet<>();
  /** Lease requests not answered yet: a lease they take must still be given back on undeploy. */
  private final List<Future<?>> acquiring = new ArrayList<>();
  private boolean acquired;
  private boolean stopping;

  public SessionVerticle(String sessionId) {
    this.sessionId = sessionId;
  }

  public String sessionId() {
    return sessionId;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.session(sessionId), this::onRequest).completion();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    // a socket that closes while its lease request is in flight: wait for the answer, so the release comes after
    // the supervisor took the lease, never before it
    return Future.join(List.copyOf(acquiring)).transform(ar -> {
      if (acquired) {
        watched.clear();
        // every node may hold leases of this session (its hosts), so every node hears it
        vertx.eventBus().publish(Addresses.LEASES_RELEASE_ALL, new JsonObject().put(Fields.HOLDER, sessionId));
      }
      return Future.succeededFuture();
    });
  }

  private void onRequest(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String host = body.getString(Fields.HOST);
    String id = body.getString(Fields.ID);
    String key = host + "/" + id;
    String op = body.getString(Fields.OP, "");
    switch (op) {
      case OP_WATCH -> {
        if (stopping) {
          msg.fail(Failures.NOT_FOUND, "the session has ended");
          return;
        }
        acquired = true;
        Future<Message<JsonObject>> lease = vertx.eventBus().<JsonObject>request(Addresses.leases(host), new JsonObject()
            .put(Fields.OP, PollerSupervisorVerticle.OP_ACQUIRE).put(Fields.HOLDER, sessionId)
            .put(Fields.HOST, host).put(Fields.ID, id), LEASE);
        acquiring.add(lease);
        lease.onComplete(ar -> acquiring.remove(lease))
            .onSuccess(reply -> {
              watched.add(host + "/" + reply.body().getString(Fields.ID));
              msg.reply(reply.body());
            })
            .onFailure(err -> msg.fail(Failures.status(err), Failures.message(err)));
      }
      case OP_UNWATCH -> {
        if (watched.remove(key)) {
          vertx.eventBus().request(Addresses.leases(host), new JsonObject()
              .put(Fields.OP, PollerSupervisorVerticle.OP_RELEASE).put(Fields.HOLDER, sessionId)
              .put(Fields.HOST, host).put(Fields.ID, id));
        }
        msg.reply(null);
      }
      default -> msg.fail(Failures.BAD_REQUEST, "unknown session op '" + op + "'");
    }
  }
}
