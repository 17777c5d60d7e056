package dev.pulse.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ContainerKeyTest {

  private static final String ID = "0123456789ab".repeat(5) + "cdef";

  @Test
  void textFormRoundTrips() {
    ContainerKey k = new ContainerKey("local", ID);
    assertEquals("local/" + ID, k.toString());
    assertEquals(k, ContainerKey.parse(k.toString()));
    assertEquals("0123456789ab", k.shortId());
    assertEquals(new JsonObject().put(Fields.HOST, "local").put(Fields.ID, ID), k.toJson());
    assertEquals(k, ContainerKey.of(k.toJson()));
  }

  @Test
  void refusesWhatCouldBreakAnAddressOrAPath() {
    for (String host : new String[] {null, "", "a.b", "a/b", "-x", "x".repeat(64), "ä"}) {
      assertThrows(IllegalArgumentException.class, () -> new ContainerKey(host, ID), String.valueOf(host));
      assertNull(ContainerKey.orNull(host, ID), String.valueOf(host));
    }
    for (String id : new String[] {null, "", "0123456789ab", ID.toUpperCase(), ID + "0", "../" + ID.substring(3),
        ID.substring(1) + "g"}) {
      assertThrows(IllegalArgumentException.class, () -> new ContainerKey("local", id), String.valueOf(id));
      assertNull(ContainerKey.orNull("local", id), String.valueOf(id));
    }
    assertNull(ContainerKey.of(new JsonObject().put(Fields.HOST, "local")));
    assertNull(ContainerKey.of(null));
  }

  @Test
  void parseNeedsExactlyHostSlashFullId() {
    for (String text : new String[] {null, "", "local", "local/", "/" + ID, "local/" + ID + "/x", "a/b/" + ID}) {
      assertThrows(IllegalArgumentException.class, () -> ContainerKey.parse(text), String.valueOf(text));
    }
  }

  @Test
  void metricsAddressesOfAKey() {
    ContainerKey k = new ContainerKey("local", ID);
    assertEquals("pulse.metrics.local." + ID, Addresses.metrics(k));
    assertEquals(k, Addresses.metricsKey(Addresses.metrics(k)));
    assertNull(Addresses.metricsKey("pulse.metrics.local.0123456789ab"), "a short id is no container key");
    assertNull(Addresses.metricsKey("pulse.containers"));
  }
}
