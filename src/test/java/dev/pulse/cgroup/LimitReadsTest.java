package dev.pulse.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LimitReadsTest {

  private static final long UNLIMITED = 9223372036854771712L; // what v1 shows for no limit
  private static final long S = 1_000_000_000L;

  @Test
  void theFirstSampleReadsThenTheFileIsSkippedWhileTheHierarchicalLimitIsTheOwnOne() {
    LimitReads r = new LimitReads();
    assertTrue(r.due(UNLIMITED, 0));
    assertEquals(UNLIMITED, r.read(UNLIMITED, UNLIMITED, 0));
    for (long t = 1; t < 10; t++) assertFalse(r.due(UNLIMITED, t * S), "second " + t);
    assertEquals(UNLIMITED, r.own());
  }

  @Test
  void aChangedHierarchicalLimitReadsAgain() {
    LimitReads r = new LimitReads();
    r.read(UNLIMITED, UNLIMITED, 0);
    long limit = 256L << 20; // docker update -m 256m
    assertTrue(r.due(limit, S));
    r.read(limit, limit, S);
    assertFalse(r.due(limit, 2 * S));
    assertTrue(r.due(UNLIMITED, 3 * S), "the limit removed");
  }

  @Test
  void anAncestorWithALowerLimitMakesEverySampleReadTheFile() {
    LimitReads r = new LimitReads();
    long parent = 128L << 20;
    r.read(UNLIMITED, parent, 0);
    assertTrue(r.due(parent, S), "the own limit could change without the hierarchical one");
    r.read(512L << 20, parent, S);
    assertTrue(r.due(parent, 2 * S));
  }

  @Test
  void withoutAHierarchicalLimitEverySampleReads() {
    LimitReads r = new LimitReads();
    r.read(Long.MAX_VALUE, -1, 0);
    assertTrue(r.due(-1, 1), "cgroup v2 or a kernel without hierarchical_memory_limit");
  }

  @Test
  void theBackstopReadsAgainAfterItsTimeEvenWhenNothingShowedAChange() {
    LimitReads r = new LimitReads();
    long limit = 64L << 20;
    r.read(limit, limit, 5 * S);
    assertFalse(r.due(limit, 5 * S + LimitReads.BACKSTOP_NANOS - 1));
    assertTrue(r.due(limit, 5 * S + LimitReads.BACKSTOP_NANOS));
  }
}
