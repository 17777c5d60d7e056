package dev.pulse.session;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import dev.pulse.polling.PollerSupervisorVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * One browser connection. Deployed when its SockJS socket opens and undeployed when it closes; holds a lease on every
 * container the browser watches (registered for its metrics, or asked for its history), and gives them all back on
 * undeploy, so pollers nobody else watches start their linger.
 */
public final class SessionVerticle extends VerticleBase {

  public static final String OP_WATCH = "watch";
  public static final String OP_UNWATCH = "unwatch";

  private final String sessionId;
  private final Set<String> watched = new HashSet<>();

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
    if (watched.isEmpty()) return Future.succeededFuture();
    watched.clear();
    // every node may hold leases of this session (its hosts), so every node hears it
    vertx.eventBus().publish(Addresses.LEASES_RELEASE_ALL, new JsonObject().put(Fields.HOLDER, sessionId));
    return Future.succeededFuture();
  }

  private void onRequest(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String host = body.getString(Fields.HOST);
    String id = body.getString(Fields.ID);
    String key = host + "/" + id;
    String op = body.getString(Fields.OP, "");
    switch (op) {
      case OP_WATCH -> vertx.eventBus().<JsonObject>request(Addresses.leases(host), new JsonObject()
              .put(Fields.OP, PollerSupervisorVerticle.OP_ACQUIRE).put(Fields.HOLDER, sessionId)
              .put(Fields.HOST, host).put(Fields.ID, id))
          .onSuccess(reply -> {
            watched.add(host + "/" + reply.body().getString(Fields.ID));
            msg.reply(reply.body());
          })
          .onFailure(err -> msg.fail(Failures.status(err), Failures.message(err)));
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
