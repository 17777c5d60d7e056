package dev.pulse.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kept-open file read again from offset 0 gives all of its text, whatever its size around the short-read rule. */
class KernelFileTest {

  @Test
  void everySizeReadsWholeAndAgain(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("f");
    Files.writeString(p, "");
    try (KernelFile f = KernelFile.open(p)) {
      Text scratch = new Text();
      for (int size : new int[] {0, 1, 100, KernelFile.SHORT_READ_IS_END - 1, KernelFile.SHORT_READ_IS_END,
          KernelFile.SHORT_READ_IS_END + 1, 4095, 4096, 4097, 9000, KernelFile.MAX_BYTES}) {
        String text = "x".repeat(size);
        Files.writeString(p, text);
        assertEquals(text, f.read(scratch).toString(), "size " + size);
        assertEquals(text, f.read(scratch).toString(), "size " + size + ", read again");
      }
      Files.writeString(p, "x".repeat(KernelFile.MAX_BYTES + 1));
      assertThrows(IOException.class, () -> f.read(scratch));
    }
  }

  @Test
  void procAndCgroupFilesReadAsTheKernelFormatsThem() throws IOException {
    // the real kernel files: what the short-read rule is about (a second read must give the same shape)
    for (String name : new String[] {"/proc/stat", "/proc/self/net/dev", "/proc/meminfo", "/proc/self/status"}) {
      Path p = Path.of(name);
      if (!Files.isReadable(p)) continue;
      try (KernelFile f = KernelFile.open(p)) {
        String once = f.read(new Text()).toString();
        String whole = Files.readString(p);
        assertEquals(whole.lines().count(), once.lines().count(), name);
      }
    }
  }
}
