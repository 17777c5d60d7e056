package dev.pulse.cgroup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KernelFormatsTest {

  private static final String NET_HEADER = "Inter-|   Receive                                                |  Transmit\n"
      + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";

  @Test
  void singleNumbersAndLimits() {
    assertEquals(58417251, KernelFormats.single(Text.of("58417251\n")));
    assertEquals(Long.MAX_VALUE, KernelFormats.limit(Text.of("max\n")));
    assertEquals(9223372036854771712L, KernelFormats.limit(Text.of("9223372036854771712\n")));
    assertEquals(Long.MAX_VALUE, KernelFormats.single(Text.of("18446744073709551615\n")), "2^64-1 saturates");
    assertThrows(NumberFormatException.class, () -> KernelFormats.single(Text.of("")), "an empty file is no number");
    assertThrows(NumberFormatException.class, () -> KernelFormats.single(Text.of("maxi\n")));
    assertThrows(NumberFormatException.class, () -> KernelFormats.limit(Text.of("maximum\n")));
  }

  @Test
  void keyedFilesFindTheExactKey() {
    Text stat = Text.of("inactive_file 1\ntotal_inactive_file_x 2\ntotal_inactive_file 16777216\n");
    assertEquals(16777216, KernelFormats.keyed(stat, "total_inactive_file"));
    assertEquals(1, KernelFormats.keyed(stat, "inactive_file"));
    assertEquals(-1, KernelFormats.keyed(stat, "active_file"));
    assertEquals(8273648, KernelFormats.keyed(Text.of("usage_usec 8273648\nuser_usec 5623412\n"), "usage_usec"));
  }

  @Test
  void twoKeysInOnePassInEitherOrderAndMinusOneForAnAbsentOne() {
    Text stat = Text.of("hierarchical_memsw_limit 9\nhierarchical_memory_limit 67108864\ninactive_file 1\n"
        + "total_inactive_file 4096\n");
    long[] out = new long[2];
    KernelFormats.keyed(stat, "hierarchical_memory_limit", "total_inactive_file", out);
    assertArrayEquals(new long[] {67108864, 4096}, out);
    KernelFormats.keyed(stat, "total_inactive_file", "hierarchical_memory_limit", out);
    assertArrayEquals(new long[] {4096, 67108864}, out);
    KernelFormats.keyed(stat, "hierarchical_memory_limit", "total_active_file", out);
    assertArrayEquals(new long[] {67108864, -1}, out);
  }

  @Test
  void blkioV1SumsReadAndWriteOverDevicesAndSkipsTheTotal() {
    Text t = Text.of("8:0 Read 1048576\n8:0 Write 4096\n8:0 Sync 1052672\n8:0 Async 0\n8:0 Discard 0\n"
        + "8:0 Total 1052672\n253:0 Read 524288\n253:0 Write 8192\n253:0 Total 532480\nTotal 1585152\n");
    assertArrayEquals(new long[] {1572864, 12288}, KernelFormats.blkioV1(t));
    assertArrayEquals(new long[] {0, 0}, KernelFormats.blkioV1(Text.of("Total 0\n")));
  }

  @Test
  void ioStatV2SumsRbytesAndWbytes() {
    Text t = Text.of("259:0 rbytes=1458176 wbytes=2318336 rios=72 wios=84 dbytes=0 dios=0\n"
        + "8:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
    assertArrayEquals(new long[] {1462272, 2318336}, KernelFormats.ioStatV2(t));
    assertArrayEquals(new long[] {0, 0}, KernelFormats.ioStatV2(Text.of("")));
  }

  @Test
  void netDevSumsEveryInterfaceButLo() {
    Text t = Text.of(NET_HEADER
        + "  eth0:    5486      47    0    0    0     0          0         0     1262      15    0    0    0     0       0          0\n"
        + "    lo:     400       4    0    0    0     0          0         0      400       4    0    0    0     0       0          0\n"
        + "eth1:1000000    1000    0    0    0     0          0         0   200000     900    0    0    0     0       0          0\n");
    assertArrayEquals(new long[] {1005486, 201262}, KernelFormats.netDev(t));
    assertArrayEquals(new long[] {0, 0}, KernelFormats.netDev(Text.of(NET_HEADER
        + "    lo:     400       4    0    0    0     0          0         0      400       4    0    0    0     0       0          0\n")),
        "--network none: only lo, which Docker does not report");
  }

  @Test
  void procStatCountsSevenFieldsAndTheOnlineCpus() {
    Text t = Text.of("cpu  6906 1 4418 46389 407 0 220 99 0 0\ncpu0 2944 0 1841 24261 22 0 105 0 0 0\n"
        + "cpu1 3962 1 2577 22128 385 0 115 0 0 0\nintr 1 2 3\nctxt 5\n");
    long ticks = 6906 + 1 + 4418 + 46389 + 407 + 0 + 220; // steal (99) is not counted, as in the daemon
    assertArrayEquals(new long[] {ticks * 10_000_000L, 2}, KernelFormats.procStat(t));
    assertThrows(NumberFormatException.class, () -> KernelFormats.procStat(Text.of("intr 1\n")));
  }

  @Test
  void memTotalInBytes() {
    assertEquals(24683620L * 1024, KernelFormats.memTotal(Text.of("MemTotal:       24683620 kB\nMemFree: 1 kB\n")));
    assertThrows(NumberFormatException.class, () -> KernelFormats.memTotal(Text.of("MemFree: 1 kB\n")));
  }
}
