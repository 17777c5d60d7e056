package dev.pulse.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.bus.ContainerKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The supervisor's lease reconciliation, driven by a clock the test moves: no Vert.x, no engine, no waiting. */
class LeaseTableTest {

  private static final long LINGER = 60_000;
  private static final long IDLE = 1_800_000;
  private static final ContainerKey A = new ContainerKey("local", "a".repeat(64));
  private static final ContainerKey B = new ContainerKey("local", "b".repeat(64));
  private static final ContainerKey OTHER_HOST = new ContainerKey("remote", "c".repeat(64));
  private static final String S1 = LeaseClient.holder("member-1", "s1");
  private static final String S2 = LeaseClient.holder("member-2", "s2");

  private final LeaseTable table = new LeaseTable(LINGER, IDLE);
  private long now = 1_764_270_000_000L;

  @Test
  void aHeldRunningContainerRunsWithNoDeadline() {
    LeaseTable.Decision d = table.acquire(A, S1, true, now);
    assertEquals(new LeaseTable.Decision(A, false, true, -1), d);
    assertEquals(new LeaseTable.Decision(B, false, false, -1), table.acquire(B, S1, false, now),
        "a stopped container is wanted but has no poller");
  }

  @Test
  void theLastReleaseLingersThenForgets() {
    table.acquire(A, S1, true, now);
    LeaseTable.Decision d = table.release(A, S1, now);
    assertEquals(new LeaseTable.Decision(A, false, true, LINGER), d, "keeps running through the linger");
    now += LINGER - 1;
    assertEquals(new LeaseTable.Decision(A, false, true, 1), table.recheck(A, now), "a ms early: still lingering");
    now += 1;
    assertTrue(table.recheck(A, now).forget(), "linger over: stop and forget");
    assertFalse(table.wanted(A));
    assertNull(table.recheck(A, now), "a late timer finds nothing");
  }

  @Test
  void aNewLeaseWithinTheLingerKeepsThePoller() {
    table.acquire(A, S1, true, now);
    table.release(A, S1, now);
    now += LINGER / 2;
    assertEquals(new LeaseTable.Decision(A, false, true, -1), table.acquire(A, S2, true, now),
        "a page reload: the new session takes the lease back, the linger ends");
    now += LINGER;
    assertEquals(new LeaseTable.Decision(A, false, true, -1), table.recheck(A, now), "held: no deadline");
  }

  @Test
  void releasingOneOfTwoHoldersChangesNothingAndAStrangerReleasesNothing() {
    table.acquire(A, S1, true, now);
    table.acquire(A, S2, true, now);
    assertEquals(new LeaseTable.Decision(A, false, true, -1), table.release(A, S1, now));
    assertNull(table.release(A, S1, now), "already released");
    assertNull(table.release(A, "member-9/s9", now), "never held");
    assertNull(table.release(B, S2, now), "not wanted at all");
    assertNull(table.release(null, S2, now), "a release naming no valid container");
  }

  @Test
  void releaseAllEndsEveryLeaseOfOneHolderOnly() {
    table.acquire(A, S1, true, now);
    table.acquire(B, S1, true, now);
    table.acquire(B, S2, true, now);
    List<LeaseTable.Decision> ds = table.releaseAll(S1, now);
    assertEquals(2, ds.size());
    assertTrue(ds.contains(new LeaseTable.Decision(A, false, true, LINGER)), ds.toString());
    assertTrue(ds.contains(new LeaseTable.Decision(B, false, true, -1)), "S2 still holds B: " + ds);
    assertEquals(List.of(), table.releaseAll(S1, now), "twice is harmless");
  }

  @Test
  void aRestReadKeepsItForTheIdleTimeoutAndTheLaterDeadlineWins() {
    assertEquals(new LeaseTable.Decision(A, false, true, IDLE), table.touch(A, true, now));
    table.acquire(A, S1, true, now);
    now += 1_000;
    assertEquals(new LeaseTable.Decision(A, false, true, IDLE - 1_000), table.release(A, S1, now),
        "the idle timeout outlasts the linger");
    now += IDLE - 1_000;
    assertTrue(table.recheck(A, now).forget());
  }

  @Test
  void holdersOfAMemberThatLeftAreDropped() {
    table.acquire(A, S1, true, now);
    table.acquire(A, S2, true, now);
    table.acquire(B, S2, true, now);
    List<LeaseTable.Decision> ds = table.dropHoldersNotOn(List.of("member-1"), now);
    assertTrue(ds.contains(new LeaseTable.Decision(A, false, true, -1)), "S1 still holds A: " + ds);
    assertTrue(ds.contains(new LeaseTable.Decision(B, false, true, LINGER)), "B lingers: " + ds);
    assertEquals(List.of(), table.dropHoldersNotOn(List.of("member-1"), now), "nothing left to drop");
    assertEquals("member-1", LeaseClient.memberOf(S1));
    assertEquals("", LeaseClient.memberOf("no-member"), "a holder naming no member belongs to none alive");
  }

  @Test
  void startsAndStopsFollowTheContainerWhileItIsWanted() {
    table.acquire(A, S1, true, now);
    assertEquals(new LeaseTable.Decision(A, false, false, -1), table.running(A, false, now), "stopped: no poller");
    assertEquals(new LeaseTable.Decision(A, false, true, -1), table.running(A, true, now), "started again");
    assertNull(table.running(B, true, now), "nobody wants B");
    table.acquire(OTHER_HOST, S1, true, now);
    assertEquals(List.of(A), table.keysOf("local"));
    table.remove(A);
    assertFalse(table.wanted(A), "a removed container is forgotten whoever held it");
  }
}
