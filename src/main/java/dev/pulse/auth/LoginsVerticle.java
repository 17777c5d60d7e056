package dev.pulse.auth;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.Failures;
import dev.pulse.bus.Fields;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.LongSupplier;

/**
 * One per node: what every HTTP verticle instance of the node must agree on about logins besides the logins themselves
 * (those are in {@link LoginStore}).
 * <ul>
 *   <li>The {@link LoginThrottle}, so password guesses spread over instances (each connection lands on one) share one
 *   budget: {@code Op} {@code admit}, {@code failed}, {@code succeeded} on {@link Addresses#LOGIN_THROTTLE}.</li>
 *   <li>The relay of logouts: a logout anywhere in the cluster is published on {@link Addresses#LOGOUT}, which this
 *   verticle alone consumes cluster-wide, and republished on {@link Addresses#LOGIN_ENDED} to this node's session
 *   verticles, whose consumers stay local (a cluster-wide registration per socket would be a Hazelcast write each).</li>
 * </ul>
 */
public final class LoginsVerticle extends VerticleBase {

  public static final String OP_ADMIT = "admit";
  public static final String OP_FAILED = "failed";
  public static final String OP_SUCCEEDED = "succeeded";

  private final LoginThrottle throttle = new LoginThrottle();
  private final LongSupplier clock;

  public LoginsVerticle() {
    this(System::currentTimeMillis);
  }

  LoginsVerticle(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    var throttling = vertx.eventBus().<JsonObject>localConsumer(Addresses.LOGIN_THROTTLE, this::onThrottle);
    var logouts = vertx.eventBus().<JsonObject>consumer(Addresses.LOGOUT,
        msg -> vertx.eventBus().publish(Addresses.LOGIN_ENDED, msg.body()));
    return Future.all(throttling.completion(), logouts.completion());
  }

  private void onThrottle(Message<JsonObject> msg) {
    String client = msg.body().getString(Fields.CLIENT, "?");
    long now = clock.getAsLong();
    switch (msg.body().getString(Fields.OP, "")) {
      case OP_ADMIT -> {
        long wait = throttle.admit(now);
        msg.reply(new JsonObject().put(Fields.WAIT_MS, wait)
            .put(Fields.DELAY_MS, wait > 0 ? 0 : throttle.delayMs(client, now)));
      }
      case OP_FAILED -> {
        throttle.failed(client, now);
        msg.reply(null);
      }
      case OP_SUCCEEDED -> {
        throttle.succeeded(client);
        msg.reply(null);
      }
      default -> msg.fail(Failures.BAD_REQUEST, "unknown throttle op");
    }
  }
}
