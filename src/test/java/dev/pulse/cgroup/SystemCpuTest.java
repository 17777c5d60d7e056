package dev.pulse.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared /proc/stat reading: reused within its age on its own clock, read again after it or for another file. */
class SystemCpuTest {

  private static final long AGE = SystemCpu.MAX_AGE_NANOS;

  private static Path stat(Path dir, String name, long userTicks) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "cpu  " + userTicks + " 0 0 0 0 0 0 0 0 0\ncpu0 1 0 0 0 0 0 0 0 0 0\ncpu1 1 0 0 0 0 0 0 0 0 0\nintr 1\n");
    return p;
  }

  @Test
  void oneReadingServesTheRoundAndTheNextRoundReadsAgain(@TempDir Path dir) throws IOException {
    Path p = stat(dir, "stat", 100);
    SystemCpu s = new SystemCpu(AGE);
    s.refresh(p, 1_000_000_000L);
    assertEquals(100 * KernelFormats.NANOS_PER_TICK, s.systemNanos());
    assertEquals(2, s.onlineCpus());
    stat(dir, "stat", 200);
    s.refresh(p, 1_000_000_000L + AGE - 1); // the same round: the file changed, the reading is kept
    assertEquals(100 * KernelFormats.NANOS_PER_TICK, s.systemNanos());
    assertEquals(1, s.reads());
    s.refresh(p, 1_000_000_000L + AGE); // as old as allowed: read again
    assertEquals(200 * KernelFormats.NANOS_PER_TICK, s.systemNanos());
    assertEquals(2, s.reads());
  }

  @Test
  void aClockThatWentBackOrAnotherFileReadsAgain(@TempDir Path dir) throws IOException {
    Path a = stat(dir, "a", 100);
    Path b = stat(dir, "b", 300);
    SystemCpu s = new SystemCpu(AGE);
    s.refresh(a, 5_000_000L);
    s.refresh(b, 5_000_001L);
    assertEquals(300 * KernelFormats.NANOS_PER_TICK, s.systemNanos());
    s.refresh(b, 4_000_000L);
    assertEquals(3, s.reads());
  }

  @Test
  void aSharedReadingKeepsItsFileOpenAcrossRoundsAndReopensForAnotherOrAfterAFailure(@TempDir Path dir)
      throws IOException {
    Path a = stat(dir, "a", 100);
    Path b = stat(dir, "b", 300);
    SystemCpu s = new SystemCpu(AGE);
    s.refresh(a, 0);
    stat(dir, "a", 150); // rewritten in place, as the kernel's text is made anew at each read
    s.refresh(a, AGE);
    s.refresh(a, 2 * AGE);
    assertEquals(150 * KernelFormats.NANOS_PER_TICK, s.systemNanos());
    assertEquals(3, s.reads());
    assertEquals(1, s.opens());
    s.refresh(b, 3 * AGE);
    assertEquals(2, s.opens());
    Files.writeString(b, "intr 1\n");
    assertThrows(NumberFormatException.class, () -> s.refresh(b, 4 * AGE));
    stat(dir, "b", 500);
    s.refresh(b, 5 * AGE);
    assertEquals(500 * KernelFormats.NANOS_PER_TICK, s.systemNanos());
    assertEquals(3, s.opens());
    SystemCpu u = SystemCpu.unshared();
    u.refresh(a, 0);
    u.refresh(a, 0);
    assertEquals(2, u.opens(), "an unshared reading opens the file each time and keeps nothing open");
  }

  @Test
  void unsharedReadsEveryTimeAndAFailedReadIsNotReused(@TempDir Path dir) throws IOException {
    Path p = stat(dir, "stat", 100);
    SystemCpu u = SystemCpu.unshared();
    u.refresh(p, 7);
    u.refresh(p, 7);
    assertEquals(2, u.reads());
    SystemCpu s = new SystemCpu(AGE);
    Files.writeString(p, "intr 1\n");
    assertThrows(NumberFormatException.class, () -> s.refresh(p, 10));
    stat(dir, "stat", 400);
    s.refresh(p, 11); // nothing from the failed read is taken as fresh
    assertEquals(400 * KernelFormats.NANOS_PER_TICK, s.systemNanos());
  }
}
