package dev.pulse.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pulse.metrics.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The docker CLI's formulas (cli/command/container/stats_helpers.go) on payloads recorded from this machine's engine
 * (20.10, cgroup v1) and on a cgroup v2 payload. Expected strings are what `docker stats` prints (two decimals),
 * worked out by hand from the payloads' numbers in the comments.
 */
class StatsFormulasTest {

  private static String fixture(String name) throws IOException {
    try (InputStream in = StatsFormulasTest.class.getResourceAsStream("/stats/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String twoDecimals(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  @Test
  void cgroupV1BusyContainerReadsOneCore() throws IOException {
    String body = fixture("v1-busy.json");
    StatsSnapshot prev = StatsParser.parsePrevious(body);
    StatsSnapshot cur = StatsParser.parse(body);
    // (8381467547 - 7377941573) / (260530000000 - 258520000000) * 2 cpus * 100 = 99.853330746...
    assertEquals(99.85333074626865, StatsFormulas.cpuPercent(prev, cur), 1e-9);
    assertEquals("99.85", twoDecimals(StatsFormulas.cpuPercent(prev, cur)));
    assertEquals(2, cur.onlineCpus());
    // total_inactive_file is 0 < usage, so used = usage
    assertEquals(630784, cur.memUsage());
    assertEquals("0.00", twoDecimals(StatsFormulas.memPercent(cur)));
    assertEquals(1, cur.pids());
    assertEquals(0, cur.netRx()); // --network none: no interfaces
  }

  @Test
  void cgroupV1MemoryOfAContainerHoldingAFile() throws IOException {
    StatsSnapshot cur = StatsParser.parse(fixture("v1-io.json"));
    // usage 69632000 of limit 25276510208 → 0.2754810669 %
    assertEquals(69632000, cur.memUsage());
    assertEquals(0.27548106691548546, StatsFormulas.memPercent(cur), 1e-12);
    assertEquals("0.28", twoDecimals(StatsFormulas.memPercent(cur)));
  }

  @Test
  void cgroupV2SubtractsInactiveFileAndSumsDevicesAndInterfaces() throws IOException {
    String body = fixture("v2-web.json");
    StatsSnapshot prev = StatsParser.parsePrevious(body);
    StatsSnapshot cur = StatsParser.parse(body);
    // (4523456000 - 4273456000) / (912340000000 - 908340000000) * 4 cpus * 100 = 25.00
    assertEquals("25.00", twoDecimals(StatsFormulas.cpuPercent(prev, cur)));
    // no total_inactive_file (v2): 157286400 - inactive_file 83886080 = 73400320 → 6.8359375 % of 1 GiB
    assertEquals(73400320, cur.memUsage());
    assertEquals("6.84", twoDecimals(StatsFormulas.memPercent(cur)));
    // blkio summed over both devices by op; network over eth0 and eth1
    assertEquals(5242880 + 1024, cur.blkRead());
    assertEquals(1048576 + 2048, cur.blkWrite());
    assertEquals(123456 + 1000, cur.netRx());
    assertEquals(65432 + 2000, cur.netTx());
    assertEquals(7, cur.pids()); // the 2^64-1 pids limit of cgroup v2 does not break parsing
  }

  @Test
  void cpuIsZeroUnlessBothDeltasArePositive() {
    StatsSnapshot a = snapshot(1_000, 10_000, 0, 0);
    assertEquals(0.0, StatsFormulas.cpuPercent(a, a));
    assertEquals(0.0, StatsFormulas.cpuPercent(a, snapshot(500, 20_000, 0, 0)), "cpu counter went backwards");
    assertEquals(0.0, StatsFormulas.cpuPercent(a, snapshot(2_000, 10_000, 0, 0)), "system counter did not move");
  }

  @Test
  void memoryFallsThroughToInactiveFileWhenTheV1ValueIsNotSmaller() throws IOException {
    // The CLI uses total_inactive_file only when smaller than usage; otherwise it tries inactive_file
    String v1TooLarge = "{\"memory_stats\":{\"usage\":1000,\"limit\":4000,"
        + "\"stats\":{\"total_inactive_file\":5000,\"inactive_file\":300}}}";
    assertEquals(700, StatsParser.parse(v1TooLarge).memUsage());
    String bothTooLarge = "{\"memory_stats\":{\"usage\":1000,\"limit\":4000,"
        + "\"stats\":{\"total_inactive_file\":5000,\"inactive_file\":1000}}}";
    assertEquals(1000, StatsParser.parse(bothTooLarge).memUsage());
    String noStats = "{\"memory_stats\":{\"usage\":1000,\"limit\":0}}";
    assertEquals(1000, StatsParser.parse(noStats).memUsage());
    assertEquals(0.0, StatsFormulas.memPercent(StatsParser.parse(noStats)), "limit 0 gives 0 %");
  }

  @Test
  void ratesUseTheEngineClockAndACounterResetGivesNoSpike() {
    StatsSnapshot prev = snapshot(0, 0, 1_000_000, 5_000);
    StatsSnapshot cur = new StatsSnapshot(prev.readNanos() + 2_000_000_000L, 0, 0, 2, 0, 0, 3_000_000, 100, 0, 0, 1);
    Sample s = Sample.between(prev, cur, 0, 123).orElseThrow();
    assertEquals(1_000_000.0, s.netRx(), 1e-6, "2 MB over 2 s of engine time");
    assertEquals(0.0, s.netTx(), "tx went from 5000 to 100: the container restarted, no spike");
  }

  private static StatsSnapshot snapshot(long cpu, long system, long rx, long tx) {
    return new StatsSnapshot(1_000_000_000L, cpu, system, 2, 0, 0, rx, tx, 0, 0, 1);
  }
}
