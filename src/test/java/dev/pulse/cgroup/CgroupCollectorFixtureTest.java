package dev.pulse.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pulse.docker.StatsParser;
import dev.pulse.docker.StatsSnapshot;
import dev.pulse.metrics.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector on cgroup and proc trees recorded on a real machine or written by hand (src/test/resources/cgroup). */
class CgroupCollectorFixtureTest {

  private static final Path FIXTURES = Path.of("src/test/resources/cgroup");
  private static final long MEM_TOTAL = 24683620L * 1024; // MemTotal of the recorded meminfo

  private static CgroupCollector open(Path tree, long pid) throws IOException {
    CgroupSource source = CgroupSource.probe(tree.resolve("sys/fs/cgroup"), tree.resolve("proc"));
    return source.open(pid);
  }

  @Test
  void v1AsRecordedHereGivesWhatTheEngineReportedForTheSameContainer() throws Exception {
    Path tree = FIXTURES.resolve("v1-recorded");
    long pid = Long.parseLong(Files.readString(tree.resolve("CONTAINER")).trim().split(" ")[1]);
    StatsSnapshot api = StatsParser.parse(Files.readString(tree.resolve("api-stats.json")));
    try (CgroupCollector c = open(tree, pid)) {
      StatsSnapshot s = c.read();
      assertEquals(api.memUsage(), s.memUsage(), "memory used");
      assertEquals(api.memLimit(), s.memLimit(), "no limit reads as the machine's memory");
      assertEquals(MEM_TOTAL, s.memLimit());
      assertEquals(api.pids(), s.pids());
      assertEquals(api.onlineCpus(), s.onlineCpus());
      assertEquals(0, s.netRx(), "--network none");
      assertEquals(api.netRx(), s.netRx());
      assertEquals(api.blkRead(), s.blkRead(), "block I/O reads 0 on this machine, in the API as in the files");
      assertEquals(api.blkWrite(), s.blkWrite());
      assertEquals(Long.parseLong(Files.readString(cpuacct(tree)).trim()), s.cpuTotal());
    }
  }

  private static Path cpuacct(Path tree) throws IOException {
    try (Stream<Path> files = Files.walk(tree.resolve("sys/fs/cgroup/cpuacct"))) {
      return files.filter(p -> p.getFileName().toString().equals("cpuacct.usage")).findFirst().orElseThrow();
    }
  }

  @Test
  void v1BlockIoSumsALimitAndCacheNotCounted() throws Exception {
    try (CgroupCollector c = open(FIXTURES.resolve("v1-io"), 4242)) {
      StatsSnapshot s = c.read();
      assertEquals(1048576 + 524288, s.blkRead());
      assertEquals(4096 + 8192, s.blkWrite());
      assertEquals(268435456, s.memLimit());
      assertEquals(52428800 - 16777216, s.memUsage(), "usage minus total_inactive_file");
      assertEquals(7, s.pids());
      assertEquals(123456789000L, s.cpuTotal());
      assertEquals(5486 + 1000000, s.netRx(), "eth0 + eth1, not lo");
      assertEquals(1262 + 200000, s.netTx());
    }
  }

  @Test
  void v2SystemdMaxLimit() throws Exception {
    try (CgroupCollector c = open(FIXTURES.resolve("v2-systemd-max"), 3131)) {
      StatsSnapshot s = c.read();
      assertEquals(true, c.v2());
      assertEquals(8273648L * 1000, s.cpuTotal(), "usage_usec in ns");
      assertEquals(MEM_TOTAL, s.memLimit(), "max reads as the machine's memory");
      assertEquals(10485760 - 2097152, s.memUsage(), "memory.current minus inactive_file");
      assertEquals(1458176 + 4096, s.blkRead());
      assertEquals(2318336, s.blkWrite());
      assertEquals(3, s.pids());
      assertEquals(2, s.onlineCpus());
    }
  }

  @Test
  void v2MissingOptionalFilesReadZero() throws Exception {
    try (CgroupCollector c = open(FIXTURES.resolve("v2-limit-missing-files"), 77)) {
      StatsSnapshot s = c.read();
      assertEquals(536870912, s.memLimit());
      assertEquals(2097152, s.memUsage(), "no memory.stat: usage as it is");
      assertEquals(0, s.blkRead());
      assertEquals(0, s.blkWrite());
      assertEquals(0, s.pids());
      assertEquals(0, s.netRx());
      assertEquals(1_000_000L, s.cpuTotal());
    }
  }

  @Test
  void aMissingRequiredFileMeansTheCgroupIsNotReadable() {
    assertThrows(CgroupPaths.CgroupUnavailable.class, () -> open(FIXTURES.resolve("v2-no-memory"), 88));
  }

  @Test
  void aGoneProcessIsAGoneContainerNotAnUnreadableTree() {
    assertThrows(CgroupPaths.ContainerGone.class, () -> open(FIXTURES.resolve("v2-no-memory"), 999999));
    assertThrows(CgroupPaths.ContainerGone.class, () -> open(FIXTURES.resolve("v2-no-memory"), 0));
  }

  @Test
  void anUnreadableRootIsReportedWithItsName(@TempDir Path empty) {
    CgroupPaths.CgroupUnavailable e = assertThrows(CgroupPaths.CgroupUnavailable.class,
        () -> CgroupSource.probe(empty.resolve("nothing"), Path.of("/proc")));
    assertEquals(true, e.getMessage().contains(empty.resolve("nothing").toString()), e.getMessage());
    assertThrows(CgroupPaths.CgroupUnavailable.class, () -> CgroupSource.probe(empty, Path.of("/proc")));
  }

  /** Two reads of the same open files, rewritten in between, through the formulas both collectors share. */
  @Test
  void formulasOverTwoReads(@TempDir Path tmp) throws Exception {
    Path tree = copy(FIXTURES.resolve("v2-systemd-max"), tmp);
    Path dir = tree.resolve("sys/fs/cgroup/system.slice/docker-" + "5f3c".repeat(16) + ".scope");
    Path stat = tree.resolve("proc/stat");
    try (CgroupCollector c = open(tree, 3131)) {
      StatsSnapshot s0 = c.read();
      // +0.5 s of container CPU; +100 ticks (1 s) of system time over 2 CPUs: half of the machine = one core = 100 %
      Files.writeString(dir.resolve("cpu.stat"), "usage_usec " + (8273648 + 500_000) + "\nuser_usec 1\n");
      Files.writeString(stat, Files.readString(stat).replaceFirst("cpu  (\\d+)",
          "cpu  " + (Long.parseLong(Files.readString(stat).split("\\s+")[1]) + 100)));
      Files.writeString(dir.resolve("io.stat"), "259:0 rbytes=2458176 wbytes=2318336\n8:0 rbytes=4096 wbytes=0\n");
      StatsSnapshot s1 = c.read();
      Sample sample = Sample.between(s0, s1, 1000, 1_000_000_000L).orElseThrow();
      assertEquals(100.0, sample.cpu(), 1e-9);
      double elapsed = (s1.readNanos() - s0.readNanos()) / 1e9;
      assertEquals(1_000_000 / elapsed, sample.blkRead(), 1e-6);
      assertEquals(0.0, sample.blkWrite());
      assertEquals(0.0, sample.netRx());
      assertEquals(s1.memUsage(), sample.memUsage());
    }
  }

  @Test
  void aFileThatVanishesOrTurnsMalformedFailsTheReadInsteadOfInventingAValue(@TempDir Path tmp) throws Exception {
    Path tree = copy(FIXTURES.resolve("v2-systemd-max"), tmp);
    Path dir = tree.resolve("sys/fs/cgroup/system.slice/docker-" + "5f3c".repeat(16) + ".scope");
    try (CgroupCollector c = open(tree, 3131)) {
      c.read();
      Files.writeString(dir.resolve("memory.current"), ""); // what a read of a half-removed file can look like
      assertThrows(IOException.class, c::read);
      Files.writeString(dir.resolve("memory.current"), "x".repeat(KernelFile.MAX_BYTES + 1));
      IOException big = assertThrows(IOException.class, c::read);
      assertEquals(true, big.getMessage().contains("larger than"), big.getMessage());
      Files.writeString(dir.resolve("memory.current"), "10485760\n");
      c.read(); // readable again: the next sample is fine
    }
  }

  /**
   * v1: the limit file is read when memory.stat's hierarchical limit says the container's own limit may have changed
   * (LimitReads); the file is rewritten here alone, which the kernel never does, to see which read happened.
   */
  @Test
  void v1ReadsTheLimitFileWhenTheHierarchicalLimitChangesOrIsAnAncestors(@TempDir Path tmp) throws Exception {
    Path tree = copy(FIXTURES.resolve("v1-recorded"), tmp);
    Path mem;
    try (Stream<Path> files = Files.walk(tree.resolve("sys/fs/cgroup/memory"))) {
      mem = files.filter(p -> p.getFileName().toString().equals("memory.stat")).findFirst().orElseThrow().getParent();
    }
    long pid = Long.parseLong(Files.readString(tree.resolve("CONTAINER")).trim().split(" ")[1]);
    String stat = Files.readString(mem.resolve("memory.stat"));
    try (CgroupCollector c = open(tree, pid)) {
      assertEquals(MEM_TOTAL, c.read().memLimit(), "unlimited");
      Files.writeString(mem.resolve("memory.limit_in_bytes"), "268435456\n");
      assertEquals(MEM_TOTAL, c.read().memLimit(), "hierarchical limit unchanged: the limit file is not read");
      Files.writeString(mem.resolve("memory.stat"), withHierarchical(stat, 268435456L));
      assertEquals(268435456L, c.read().memLimit(), "hierarchical limit changed: read");
      // an ancestor's lower limit binds: the container's own can change unseen, so every sample reads the file
      Files.writeString(mem.resolve("memory.stat"), withHierarchical(stat, 134217728L));
      assertEquals(268435456L, c.read().memLimit());
      Files.writeString(mem.resolve("memory.limit_in_bytes"), "536870912\n");
      assertEquals(536870912L, c.read().memLimit());
    }
  }

  private static String withHierarchical(String stat, long limit) {
    return stat.replaceFirst("hierarchical_memory_limit \\d+", "hierarchical_memory_limit " + limit);
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
    return to;
  }
}
