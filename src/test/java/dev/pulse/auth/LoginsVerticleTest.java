package dev.pulse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.Fields;
import dev.pulse.testsupport.PulseTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The node's one login throttle, asked over the event bus as every HTTP verticle instance asks it; a frozen clock. */
class LoginsVerticleTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    PulseTestServer.await(vertx.close());
  }

  private JsonObject ask(String op, String client) {
    return PulseTestServer.await(vertx.eventBus().<JsonObject>request(Addresses.LOGIN_THROTTLE,
        new JsonObject().put(Fields.OP, op).put(Fields.CLIENT, client))).body();
  }

  @Test
  void oneBudgetForEveryAskerAndADelayPerClient() {
    PulseTestServer.await(vertx.deployVerticle(new LoginsVerticle(() -> 1_000_000L)));
    for (int i = 0; i < LoginThrottle.GLOBAL_BURST; i++) {
      JsonObject admitted = ask(LoginsVerticle.OP_ADMIT, "10.0.0." + i);
      assertEquals(0L, admitted.getLong(Fields.WAIT_MS), "check " + i);
      ask(LoginsVerticle.OP_FAILED, i < LoginThrottle.FREE_FAILURES + 1 ? "10.0.0.1" : "10.0.0." + i);
    }
    assertTrue(ask(LoginsVerticle.OP_ADMIT, "10.9.9.9").getLong(Fields.WAIT_MS) > 0, "the budget is spent for all");
    ask(LoginsVerticle.OP_SUCCEEDED, "10.0.0.2");
    JsonObject again = ask(LoginsVerticle.OP_ADMIT, "10.0.0.1");
    assertEquals(0L, again.getLong(Fields.WAIT_MS), "a correct password gave its token back");
    assertTrue(again.getLong(Fields.DELAY_MS) > 0, "the client that failed 4 times waits");
  }
}
