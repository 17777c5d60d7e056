package dev.pulse.session;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.Fields;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * One per node: which session verticles are open, for {@code Sessions} in {@code status} and {@code pulse_sessions}.
 * The sessions of every HTTP verticle instance tell it when they open and close ({@link Addresses#SESSIONS} with an
 * {@code Op}); a message without one is the question.
 */
public final class SessionsVerticle extends VerticleBase {

  static final String OP_OPENED = "opened";
  static final String OP_CLOSED = "closed";

  private final Set<String> open = new HashSet<>();

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.SESSIONS, msg -> {
      String holder = msg.body().getString(Fields.HOLDER);
      switch (msg.body().getString(Fields.OP, "")) {
        case OP_OPENED -> open.add(holder);
        case OP_CLOSED -> open.remove(holder);
        default -> msg.reply(new JsonObject().put(Fields.SESSIONS, open.size()));
      }
    }).completion();
  }
}
