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

  /** The checks are written out by hand (no regex on the sample path): they must say what the patterns say. */
  @Test
  void handWrittenChecksAgreeWithThePatterns() {
    java.util.Random random = new java.util.Random(13);
    String alphabet = "09afAFgzGZ_-./ \n\u0660\u00e4:";
    java.util.List<String> inputs = new java.util.ArrayList<>(java.util.List.of("", "a", "-", "_a", "a".repeat(63),
        "a".repeat(64), ID, ID.toUpperCase(), ID + "\n", ID.substring(0, 63) + "\u0660", ID.substring(0, 63) + "g"));
    for (int i = 0; i < 20_000; i++) {
      int length = random.nextInt(3) == 0 ? 64 : random.nextInt(70);
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < length; j++) b.append("0123456789abcdef".charAt(random.nextInt(16)));
      // half of them with one character an id or a host name may not (or only elsewhere) hold
      if (length > 0 && random.nextBoolean()) {
        b.setCharAt(random.nextInt(length), alphabet.charAt(random.nextInt(alphabet.length())));
      }
      inputs.add(b.toString());
    }
    int validIds = 0;
    int validHosts = 0;
    for (String s : inputs) {
      assertEquals(ContainerKey.HOST_NAME.matcher(s).matches(), ContainerKey.isHostName(s), s);
      assertEquals(ContainerKey.FULL_ID.matcher(s).matches(), ContainerKey.isFullId(s), s);
      validIds += ContainerKey.isFullId(s) ? 1 : 0;
      validHosts += ContainerKey.isHostName(s) ? 1 : 0;
    }
    org.junit.jupiter.api.Assertions.assertTrue(validIds > 100 && validHosts > 100, validIds + " ids, " + validHosts + " hosts");
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
