package dev.pulse.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandArgsTest {

  private static final String ID = "a".repeat(64);

  private static String error(Runnable read) {
    return assertThrows(IllegalArgumentException.class, read::run).getMessage();
  }

  @Test
  void hostMustBeAHostName() {
    assertEquals("local", CommandArgs.host(new JsonObject().put("Host", "local")));
    for (Object bad : new Object[] {null, 7, "", "a b", "../x", "x".repeat(64)}) {
      assertEquals("Host must be a host name", error(() -> CommandArgs.host(new JsonObject().put("Host", bad))),
          String.valueOf(bad));
    }
  }

  @Test
  void refIsAnIdAPrefixOrAName() {
    for (String ok : new String[] {ID, "abcdef012345", "web-1", "my_app.2"}) {
      assertEquals(ok, CommandArgs.ref(new JsonObject().put("Id", ok)));
    }
    for (Object bad : new Object[] {null, 12, "-x", "a/b", "x".repeat(129), ""}) {
      assertThrows(IllegalArgumentException.class, () -> CommandArgs.ref(new JsonObject().put("Id", bad)),
          String.valueOf(bad));
    }
  }

  @Test
  void fromIsAWholeNumberNotBelowZero() {
    assertEquals(0, CommandArgs.from(new JsonObject()));
    assertEquals(42, CommandArgs.from(new JsonObject().put("From", 42)));
    assertEquals(1L << 40, CommandArgs.from(new JsonObject().put("From", 1L << 40)));
    assertEquals(3, CommandArgs.from(new JsonObject().put("From", 3.0)));
    for (Object bad : new Object[] {-1, -1L, 2.5, -0.5, 1e30, "3", true, new JsonArray()}) {
      assertEquals("From must be a non-negative integer", error(() -> CommandArgs.from(new JsonObject().put("From",
          bad))), String.valueOf(bad));
    }
  }

  @Test
  void idsAreFullIdsAndBounded() {
    assertNull(CommandArgs.ids(new JsonObject()));
    assertEquals(Set.of(ID), CommandArgs.ids(new JsonObject().put("Ids", new JsonArray().add(ID).add(ID))));
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i <= CommandArgs.MAX_IDS; i++) tooMany.add(ID);
    for (Object bad : new Object[] {ID, new JsonArray().add("abcdef012345"), new JsonArray().add(1), tooMany}) {
      assertThrows(IllegalArgumentException.class, () -> CommandArgs.ids(new JsonObject().put("Ids", bad)));
    }
  }
}
