package dev.pulse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file format of a ring: what is written is read back the same, and every kind of bad file is refused. */
class RingFileTest {

  static final String HOST = "local";
  static final String ID = "ab".repeat(32);
  static final String OTHER_ID = "cd".repeat(32);

  @TempDir
  Path dir;

  static Sample sample(long i) {
    return new Sample(1_764_270_000_000L + 1_000 * i, 99.853 + i, 630_784 + i, 25_276_510_208L, 10.5 * i, 20 * i,
        30 * i, 40 * i, i % 7);
  }

  /** A sample as a buffer holds it (its rates and CPU as floats). */
  static Sample stored(long i) {
    RingBuffer one = new RingBuffer(1);
    one.append(sample(i));
    return one.get(0);
  }

  private Path fileWith(int capacity, int points) throws IOException {
    Path path = RingFile.path(dir, ID);
    RingBuffer rb = RingBuffer.over(RingFile.create(path, HOST, ID, capacity));
    for (int i = 0; i < points; i++) rb.append(sample(i));
    return path;
  }

  private static RingBuffer reopen(Path path, int capacity) throws IOException {
    return RingBuffer.over(RingFile.open(path, HOST, ID, capacity).file());
  }

  @Test
  void pointsComeBackUnchangedAndSeqContinues() throws IOException {
    Path path = RingFile.path(dir, ID);
    RingBuffer written = RingBuffer.over(RingFile.create(path, HOST, ID, 5));
    RingBuffer heap = new RingBuffer(5);
    for (int i = 0; i < 7; i++) {
      written.append(sample(i));
      heap.append(sample(i));
    }
    assertEquals(RingFile.HEADER + 5 * 48, Files.size(path), "48 bytes a point plus the header");
    RingFile.Loaded loaded = RingFile.open(path, HOST, ID, 5);
    assertNull(loaded.note(), "nothing to repair");
    RingBuffer read = RingBuffer.over(loaded.file());
    assertEquals(7, read.nextSeq());
    assertEquals(heap.read(0), read.read(0), "the same columns as the heap buffer gives");
    assertEquals(7, read.append(sample(7)), "seq continues");
    assertEquals(sample(7).timestamp(), reopen(path, 5).get(7).timestamp());
  }

  @Test
  void aSmallerCapacityKeepsTheNewestPointsAndALargerOneKeepsAll() throws IOException {
    Path path = fileWith(10, 8);
    RingFile.Loaded smaller = RingFile.open(path, HOST, ID, 3);
    assertTrue(smaller.note().contains("capacity 10 → 3"), smaller.note());
    RingBuffer rb = RingBuffer.over(smaller.file());
    assertEquals(8, rb.nextSeq());
    assertEquals(5, rb.firstSeq());
    assertEquals(stored(5), rb.get(5));
    assertEquals(stored(7), rb.get(7));
    assertEquals(RingFile.bytes(3), Files.size(path), "rewritten at the new size");
    assertFalse(Files.exists(path.resolveSibling(path.getFileName() + ".tmp")));

    RingBuffer larger = RingBuffer.over(RingFile.open(path, HOST, ID, 10).file());
    assertEquals(3, larger.size());
    assertEquals(stored(5), larger.get(5));
    assertEquals(8, larger.append(sample(8)));
  }

  @Test
  void pointsAPowerLossKeptFromTheDiskAreDroppedFromTheEnd() throws IOException {
    // never-written records behind next seq: the header reached the disk, the records did not
    Path path = fileWith(10, 6);
    setNextSeq(path, 8);
    RingFile.Loaded loaded = RingFile.open(path, HOST, ID, 10);
    assertTrue(loaded.note().contains("newest 2 points"), loaded.note());
    RingBuffer rb = RingBuffer.over(loaded.file());
    assertEquals(6, rb.nextSeq());
    assertEquals(stored(5), rb.get(5));

    // records of an earlier lap behind next seq: seq 4 and 5 never replaced seq 0 and 1
    Path wrapped = dir.resolve("wrapped").resolve(ID + RingFile.SUFFIX);
    Files.createDirectories(wrapped.getParent());
    RingBuffer w = RingBuffer.over(RingFile.create(wrapped, HOST, ID, 4));
    for (int i = 0; i < 4; i++) w.append(sample(i));
    setSeqs(wrapped, 2, 6);
    RingBuffer back = RingBuffer.over(RingFile.open(wrapped, HOST, ID, 4).file());
    assertEquals(4, back.nextSeq(), "the stale records are not taken for seq 4 and 5");
    assertEquals(2, back.firstSeq());
    assertEquals(stored(2), back.get(2));
    assertEquals(stored(3), back.get(3));
  }

  private static void setNextSeq(Path path, long next) throws IOException {
    setSeqs(path, 0, next);
  }

  private static void setSeqs(Path path, long first, long next) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, first).putLong(8, next), 16);
    }
  }

  private static void overwrite(Path path, long at, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), at);
    }
  }

  private static void resize(Path path, long size) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
      f.setLength(size);
    }
  }

  private String refusal(Path path) {
    return assertThrows(RingFile.BadFileException.class, () -> RingFile.open(path, HOST, ID, 10)).getMessage();
  }

  @Test
  void everyKindOfBadFileIsRefusedWithItsReason() throws IOException {
    Path path = fileWith(10, 6);
    resize(path, 100);
    assertTrue(refusal(path).startsWith("truncated: 100 bytes, shorter than the header"), refusal(path));

    path = fileWith(10, 6);
    resize(path, RingFile.bytes(10) - 48);
    assertTrue(refusal(path).startsWith("truncated: "), refusal(path));

    path = fileWith(10, 6);
    resize(path, RingFile.bytes(10) + 1);
    assertTrue(refusal(path).startsWith("size disagrees with the header"), refusal(path));

    path = fileWith(10, 6);
    overwrite(path, 0, "NOTARING".getBytes());
    assertEquals("not a Pulse ring file (wrong magic)", refusal(path));

    path = fileWith(10, 6);
    overwrite(path, 8, new byte[] {2, 0, 0, 0});
    assertEquals("version 2, this Pulse reads version 1", refusal(path));

    path = fileWith(10, 6);
    overwrite(path, 12, new byte[] {20, 0, 0, 0});
    assertEquals("header checksum does not match", refusal(path), "a capacity that disagrees is caught by the CRC");

    path = fileWith(10, 6);
    overwrite(path, 100, OTHER_ID.getBytes());
    assertEquals("header checksum does not match", refusal(path));

    Path foreign = RingFile.path(dir, ID);
    RingFile.create(foreign, HOST, OTHER_ID, 10);
    assertEquals("holds the history of local/" + OTHER_ID + ", not of local/" + ID, refusal(foreign));
    RingFile.create(foreign, "elsewhere", ID, 10);
    assertTrue(refusal(foreign).startsWith("holds the history of elsewhere/"), refusal(foreign));

    path = fileWith(10, 6);
    byte[] garbage = new byte[48];
    new Random(11).nextBytes(garbage);
    overwrite(path, RingFile.HEADER + 2 * 48, garbage);
    assertEquals("garbage in the record of seq 2", refusal(path));

    path = fileWith(10, 6);
    overwrite(path, RingFile.HEADER, new byte[6 * 48]);
    assertEquals("none of its 6 records is valid", refusal(path));

    path = fileWith(10, 6);
    setNextSeq(path, 20);
    assertEquals("first seq 0 and next seq 20 do not fit capacity 10", refusal(path));
  }

  @Test
  void aSymlinkIsNotFollowed() throws IOException {
    Path target = fileWith(10, 3);
    Path link = dir.resolve("link").resolve(ID + RingFile.SUFFIX);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, target);
    assertThrows(IOException.class, () -> RingFile.open(link, HOST, ID, 10));
    assertThrows(IOException.class, () -> RingFile.create(link, HOST, ID, 10));
    assertEquals(3, reopen(target, 10).size(), "the link's target is untouched");
  }

  @Test
  void onlyFullIdsNameFiles() {
    assertThrows(IllegalArgumentException.class, () -> RingFile.path(dir, "../../etc/passwd"));
    assertEquals(ID, RingFile.idOf(RingFile.path(dir, ID)));
    for (String name : List.of("x.ring", ID + ".ring.bad-1", ID + ".ring.tmp", ID.toUpperCase() + ".ring")) {
      assertNull(RingFile.idOf(dir.resolve(name)), name);
    }
  }
}
