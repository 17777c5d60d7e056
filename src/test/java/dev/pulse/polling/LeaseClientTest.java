package dev.pulse.polling;

import static dev.pulse.testsupport.PulseTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.ContainerKey;
import dev.pulse.docker.ContainerInfo;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the client writes is what the supervisor reads: the two ends of the lease addresses, over a real event bus. */
class LeaseClientTest {

  private static final String ID = "0123456789ab".repeat(5) + "cdef";
  private static final ContainerInfo WEB = new ContainerInfo("local", ID, "web", "busybox", "running", "Up");

  private Vertx vertx;
  private final List<LeaseClient.Request> seen = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    for (String address : List.of(Addresses.leases("local"), Addresses.LEASES, Addresses.LEASES_RELEASE_ALL)) {
      await(vertx.eventBus().<JsonObject>consumer(address, msg -> {
        seen.add(LeaseClient.Request.of(msg));
        msg.reply(WEB.toJson().put("Pollers", 3));
      }).completion());
    }
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void everyCallReadsBackAsTheRequestItMeant() {
    LeaseClient leases = new LeaseClient(vertx);
    assertEquals(WEB, await(leases.acquire("local", "web", "m1/s1")));
    assertEquals(WEB, await(leases.touch("local", ID.substring(0, 12))));
    await(leases.release(new ContainerKey("local", ID), "m1/s1"));
    assertEquals(3, await(leases.pollers()));
    leases.releaseAll("m1/s1");
    leases.collectorFailed(new ContainerKey("local", ID), "permission denied");
    dev.pulse.testsupport.Await.until("six requests", java.time.Duration.ofSeconds(5), () -> seen.size() == 6);
    assertEquals(List.of(
        new LeaseClient.Request("acquire", "local", "web", "m1/s1", null),
        new LeaseClient.Request("touch", "local", ID.substring(0, 12), null, null),
        new LeaseClient.Request("release", "local", ID, "m1/s1", null),
        new LeaseClient.Request("status", null, null, null, null),
        new LeaseClient.Request("releaseAll", null, null, "m1/s1", null),
        new LeaseClient.Request("collectorFailed", "local", ID, null, "permission denied")), seen);
    assertEquals(new ContainerKey("local", ID), seen.get(2).key());
    assertNull(seen.get(0).key(), "a name is no container key");
  }
}
