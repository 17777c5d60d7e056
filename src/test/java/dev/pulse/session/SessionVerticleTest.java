package dev.pulse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.auth.Logins;
import dev.pulse.bus.Addresses;
import dev.pulse.bus.Fields;
import dev.pulse.polling.PollerSupervisorVerticle;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.PulseTestServer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session verticle alone, with a recording socket, a scripted login and a scripted lease holder: it is the one owner
 * of its connection, and its undeploy gives everything back.
 */
class SessionVerticleTest {

  private static final String ID = "ab".repeat(32);
  private static final String METRICS = Addresses.metrics("h", ID);
  private static final String TOKEN = "t".repeat(64);

  private final Vertx vertx = Vertx.vertx();
  private final List<String> socket = new CopyOnWriteArrayList<>();
  private final List<String> leases = new CopyOnWriteArrayList<>();

  SessionVerticleTest() {
    vertx.eventBus().<JsonObject>consumer(Addresses.leases("h"), msg -> {
      leases.add(msg.body().getString(Fields.OP) + " " + msg.body().getString(Fields.HOLDER));
      msg.reply(new JsonObject().put(Fields.ID, msg.body().getString(Fields.ID)));
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.LEASES_RELEASE_ALL,
        msg -> leases.add("release-all " + msg.body().getString(Fields.HOLDER)));
  }

  @AfterEach
  void close() {
    PulseTestServer.await(vertx.close());
  }

  private String deploy(String login, long untilFromNow) {
    Logins logins = new Logins() {
      @Override
      public boolean required() {
        return true;
      }

      @Override
      public String token(MultiMap headers) {
        return null;
      }

      @Override
      public Future<Long> validUntil(String token) {
        return Future.succeededFuture(TOKEN.equals(token) ? System.currentTimeMillis() + untilFromNow : 0L);
      }
    };
    SessionVerticle.Socket port = new SessionVerticle.Socket() {
      @Override
      public void close() {
        socket.add("close");
      }

      @Override
      public void deliver(String address) {
        socket.add("deliver " + address);
      }

      @Override
      public void stopDelivering(List<String> addresses) {
        socket.add("stop " + addresses);
      }
    };
    return PulseTestServer.await(vertx.deployVerticle(new SessionVerticle("n/s1", login, null, logins, port)));
  }

  private Future<Object> ask(String op, String address) {
    JsonObject body = new JsonObject().put(Fields.OP, op);
    if (address != null) body.put(SessionVerticle.ADDRESS, address);
    return vertx.eventBus().request(Addresses.session("n/s1"), body).map(m -> m.body());
  }

  private static int failure(Future<?> f) {
    try {
      PulseTestServer.await(f);
      return 0;
    } catch (IllegalStateException e) {
      return e.getCause().getCause() instanceof ReplyException re ? re.failureCode() : -1;
    }
  }

  @Test
  void itsUndeployStopsItsDeliveriesAndReleasesItsLeases() {
    String deployment = deploy(TOKEN, 600_000);
    PulseTestServer.await(ask(SessionVerticle.OP_REGISTER, METRICS));
    assertEquals(List.of("acquire n/s1"), leases);
    ask(SessionVerticle.OP_REGISTERED, METRICS);
    Await.until("the fan-out told to deliver", Duration.ofSeconds(5), () -> socket.contains("deliver " + METRICS));

    PulseTestServer.await(vertx.undeploy(deployment));
    assertTrue(socket.contains("stop [" + METRICS + "]"), socket.toString());
    Await.until("every node told to release", Duration.ofSeconds(5), () -> leases.contains("release-all n/s1"));
    assertFalse(socket.contains("close"), "an undeploy follows a closed socket: nothing to close");
  }

  @Test
  void aLogoutOfItsLoginClosesTheSocketAndRefusesFrames() {
    deploy(TOKEN, 600_000);
    assertEquals(0, failure(ask(SessionVerticle.OP_SEND, null)));
    vertx.eventBus().publish(Addresses.LOGIN_ENDED, new JsonObject().put(Fields.LOGIN, "another login"));
    assertEquals(0, failure(ask(SessionVerticle.OP_SEND, null)), "another login's logout is not ours");
    vertx.eventBus().publish(Addresses.LOGIN_ENDED, new JsonObject().put(Fields.LOGIN, TOKEN));
    Await.until("the socket closed", Duration.ofSeconds(5), () -> socket.contains("close"));
    assertEquals(401, failure(ask(SessionVerticle.OP_SEND, null)));
  }

  @Test
  void itsLoginsEndClosesTheSocket() {
    deploy(TOKEN, 300);
    assertEquals(0, failure(ask(SessionVerticle.OP_SEND, null)));
    Await.until("the socket closed at the login's end", Duration.ofSeconds(5), () -> socket.contains("close"));
    assertEquals(401, failure(ask(SessionVerticle.OP_REGISTER, METRICS)));
    assertTrue(leases.isEmpty(), "no lease without a login");
  }

  @Test
  void withoutALoginNothingPasses() {
    deploy(null, 0);
    assertEquals(401, failure(ask(SessionVerticle.OP_SEND, null)));
    assertEquals(401, failure(ask(SessionVerticle.OP_REGISTER, METRICS)));
    assertTrue(leases.isEmpty());
  }

  @Test
  void pastItsBudgetFramesAreRefused() {
    deploy(TOKEN, 600_000);
    int refused = 0;
    for (int i = 0; i < RateBucket.BURST + 20; i++) if (failure(ask(SessionVerticle.OP_SEND, null)) == 429) refused++;
    assertTrue(refused >= 10, refused + " refused of " + (RateBucket.BURST + 20));
  }
}
