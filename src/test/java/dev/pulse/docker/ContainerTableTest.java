package dev.pulse.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pulse.bus.Fields;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Discovery's table diff and lookups, without an engine: which changes a list or an event publishes. */
class ContainerTableTest {

  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final String AB1 = "ab".repeat(32);
  private static final String AB2 = "ab".repeat(8) + "c".repeat(48);

  private static ContainerInfo c(String id, String name, String state) {
    return new ContainerInfo("local", id, name, "busybox", state, state.equals("running") ? "Up 1 minute" : "Exited");
  }

  private static ContainerTable.Change change(ContainerInfo c, String action) {
    return new ContainerTable.Change(c, action);
  }

  private final ContainerTable table = new ContainerTable("local");

  @Test
  void aFirstListCreatesEveryContainerInOrder() {
    ContainerInfo a = c(A, "web", "running");
    ContainerInfo b = c(B, "db", "exited");
    assertEquals(List.of(change(a, "create"), change(b, "create")), table.sync(List.of(a, b)));
    assertEquals(2, table.size());
  }

  @Test
  void aRelistPublishesOnlyWhatChanged() {
    ContainerInfo a = c(A, "web", "running");
    table.sync(List.of(a, c(B, "db", "running"), c(AB1, "kv", "exited")));
    ContainerInfo aged = new ContainerInfo("local", A, "web", "busybox", "running", "Up 2 minutes");
    ContainerInfo died = c(B, "db", "exited");
    ContainerInfo renamed = c(AB1, "cache", "exited");
    ContainerInfo added = c(AB2, "new", "running");
    assertEquals(List.of(change(died, "die"), change(renamed, "update"), change(added, "create")),
        table.sync(List.of(aged, died, renamed, added)), "an aged Status alone is no change");
    assertEquals(List.of(change(c(B, "db", "running"), "start")), table.sync(List.of(aged, c(B, "db", "running"),
        renamed, added)));
    assertEquals(List.of(change(aged, "destroy")), table.sync(List.of(c(B, "db", "running"), renamed, added)),
        "gone from the list: destroyed, as last seen");
    assertEquals(3, table.size());
  }

  @Test
  void anOutageMakesEveryStateUnknownOnceAndTheReturnUpdatesThemAll() {
    ContainerInfo a = c(A, "web", "running");
    ContainerInfo b = c(B, "db", "exited");
    table.sync(List.of(a, b));
    assertEquals(List.of(change(a.unknown(), "update"), change(b.unknown(), "update")), table.unknown());
    assertEquals(List.of(), table.unknown(), "already unknown");
    assertEquals(List.of(change(a, "update"), change(b, "update")), table.sync(List.of(a, b)),
        "back from an outage, every container is told even if its state is the same");
  }

  @Test
  void eventsApplyWhatTheEngineSaysNow() {
    ContainerInfo a = c(A, "web", "running");
    table.sync(List.of(a));
    ContainerInfo stopped = c(A, "web", "exited");
    assertEquals(List.of(change(stopped, "die")), table.looked(A, Optional.of(stopped), "die"));
    assertEquals(List.of(change(stopped, "destroy")), table.looked(A, Optional.empty(), "start"),
        "looked up after it was removed: destroyed");
    assertEquals(List.of(), table.destroyed(A), "a second destroy publishes nothing");
    assertEquals(0, table.size());
  }

  @Test
  void aDestroyIsPublishedAsRemoved() {
    assertEquals("removed", change(c(A, "web", "exited"), "destroy").toJson().getString(Fields.STATE));
    assertEquals("destroy", change(c(A, "web", "exited"), "destroy").toJson().getString(Fields.ACTION));
    assertEquals("exited", change(c(A, "web", "exited"), "die").toJson().getString(Fields.STATE));
  }

  @Test
  void referencesResolveByIdUniquePrefixOrName() {
    ContainerInfo one = c(AB1, "web", "running");
    ContainerInfo two = c(AB2, "db", "running");
    table.sync(List.of(one, two));
    assertEquals(one, table.resolve(AB1));
    assertEquals(two, table.resolve(AB2.substring(0, 17)), "a unique prefix");
    assertEquals(one, table.resolve("/web"), "a name with Docker's leading slash");
    assertEquals(400, assertThrows(ContainerTable.NotFound.class, () -> table.resolve(AB1.substring(0, 12))).code,
        "a prefix both share is ambiguous");
    assertEquals(404, assertThrows(ContainerTable.NotFound.class, () -> table.resolve("abab")).code,
        "under 12 digits a prefix is taken for a name");
    assertEquals(400, assertThrows(ContainerTable.NotFound.class, () -> table.resolve("")).code);
  }
}
