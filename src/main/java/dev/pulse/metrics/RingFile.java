package dev.pulse.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * A ring buffer's points in a file, mapped read-write: appends and reads are plain memory accesses to the page
 * cache, so a {@code kill -9} loses nothing appended, and the kernel writes the pages back on its own (see
 * {@link #sync(Path)} for what a power loss can take).
 *
 * <p>Layout, little-endian (the byte order of the machines Pulse runs on, so no swapping):
 * <pre>
 * header, {@value #HEADER} bytes: see {@link RingHeader}
 * capacity records of {@value #RECORD} bytes; the point numbered seq is record seq % capacity:
 *   0  timestamp ms (low 42 bits) | low 22 bits of seq (high bits)
 *   8  memUsage (long)   16 memLimit (long)
 *  24  cpu, netRx, netTx, blkRead, blkWrite (float each)
 *  44  pids (int)
 * </pre>
 * Why this layout: fixed-size records at an offset computed from the seq make an append two memory writes (the
 * record, then the seqs) and a read of any range a walk over memory, with no system call, no allocation and nothing
 * to rewrite when the ring wraps. A record holds the same 48 bytes as the heap arrays of {@link HeapSlots}, in rows
 * rather than columns so that an append dirties one page (two at a page boundary) plus the header's, not nine. The
 * file is written full length when it is created, so appends never allocate disk blocks: a full disk shows at
 * creation (an {@link IOException}), never as a fault in the middle of an append. The seq is not stored but implied by
 * the slot and next seq; the seq bits in the timestamp word tell the point that belongs in a slot from one left
 * there by an earlier lap of the ring or never written at all, which is what a power loss can leave behind next seq
 * (the kernel writes pages back in no particular order). Timestamps fit in 42 bits until the year 2109.
 *
 * <p>Not thread-safe: its owner is one verticle's event loop, except {@link #create} and {@link #open}, which run on
 * a worker before the owner sees the instance.
 */
public final class RingFile implements Slots {

  public static final String SUFFIX = ".ring";
  public static final int HEADER = RingHeader.SIZE;
  public static final int RECORD = 48;
  /** The largest capacity read back: what PULSE_BUFFER_SIZE allows. */
  public static final int MAX_CAPACITY = 1_000_000;

  private static final int TS_BITS = 42;
  private static final long TS_MASK = (1L << TS_BITS) - 1;
  private static final long TAG_MASK = (1L << (64 - TS_BITS)) - 1;

  private static final Set<OpenOption> READ_WRITE = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
      LinkOption.NOFOLLOW_LINKS);

  private final Path path;
  private final ByteBuffer map;
  private final int capacity;

  private RingFile(Path path, ByteBuffer map, int capacity) {
    this.path = path;
    this.map = map;
    this.capacity = capacity;
  }

  /** A file that is not a ring this Pulse can read back, with the reason in one line. */
  public static final class BadFileException extends IOException {
    public BadFileException(String reason) {
      super(reason);
    }
  }

  /** An opened ring, and what loading it changed ({@code null} when nothing), for the log. */
  public record Loaded(RingFile file, String note) {}

  /** {@code <dir>/<id>.ring}; the id must be a full container id, so a name can never leave the directory. */
  public static Path path(Path dir, String id) {
    if (!dev.pulse.bus.ContainerKey.isFullId(id)) throw new IllegalArgumentException("not a full container id: " + id);
    return dir.resolve(id + SUFFIX);
  }

  /** The container id of a ring file's name, or null for any other name. */
  public static String idOf(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(SUFFIX)) return null;
    String id = name.substring(0, name.length() - SUFFIX.length());
    return dev.pulse.bus.ContainerKey.isFullId(id) ? id : null;
  }

  public static long bytes(int capacity) {
    return HEADER + (long) capacity * RECORD;
  }

  /**
   * Creates (or replaces) an empty ring of {@code capacity} at {@code path}, written out full length and synced so
   * that its blocks exist and its header survives a power loss. Blocking.
   */
  public static RingFile create(Path path, String host, String id, int capacity) throws IOException {
    ByteBuffer header = RingHeader.of(host, id, capacity);
    Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    boolean done = false;
    try (FileChannel ch = FileChannel.open(path, options)) {
      while (header.hasRemaining()) ch.write(header);
      ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
      long left = (long) capacity * RECORD;
      while (left > 0) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), left));
        left -= ch.write(zeros);
      }
      ch.force(true);
      RingFile file = new RingFile(path, map(ch, bytes(capacity)), capacity);
      done = true;
      return file;
    } finally {
      if (!done) Files.deleteIfExists(path);
    }
  }

  /**
   * Opens the ring at {@code path}, which must belong to {@code host}/{@code id}, and checks it whole: header, size,
   * and every retained record. Records behind next seq that are not the points they should be (what a power loss
   * leaves) are dropped from the end; a ring of another capacity is rewritten with the newest points that fit.
   * Blocking.
   *
   * @throws BadFileException when the file is not such a ring (the caller sets it aside)
   * @throws IOException when it cannot be read at all
   */
  public static Loaded open(Path path, String host, String id, int capacity) throws IOException {
    RingFile file;
    try (FileChannel ch = FileChannel.open(path, READ_WRITE)) {
      long size = ch.size();
      if (size < HEADER) throw new BadFileException("truncated: " + size + " bytes, shorter than the header");
      ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
      while (header.hasRemaining() && ch.read(header, header.position()) > 0) {
        // read the whole header
      }
      int stored = RingHeader.check(header, host, id);
      if (size != bytes(stored)) {
        throw new BadFileException((size < bytes(stored) ? "truncated: " : "size disagrees with the header: ") + size
            + " bytes, a ring of capacity " + stored + " has " + bytes(stored));
      }
      file = new RingFile(path, map(ch, size), stored);
    }
    String note = file.trimUnwritten();
    if (file.capacity == capacity) return new Loaded(file, note);
    RingFile resized = file.resized(capacity, host, id);
    String change = "capacity " + file.capacity + " → " + capacity + ", kept the newest "
        + (resized.nextSeq() - resized.firstSeq()) + " points";
    return new Loaded(resized, note == null ? change : note + "; " + change);
  }

  private static ByteBuffer map(FileChannel ch, long size) throws IOException {
    MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
    // the mapping stays valid after the channel is closed; no descriptor is held per container
    return m.order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Drops from the end the records that do not hold their point (a power loss wrote next seq back but not them);
   * every record before the newest good one must be good. Returns a note when it dropped any.
   */
  private String trimUnwritten() throws BadFileException {
    long next = nextSeq();
    long first = firstSeq();
    long last = next - 1;
    while (last >= first && !holds(last)) last--;
    if (last < first && next > first) throw new BadFileException("none of its " + (next - first) + " records is valid");
    long trimmed = next - 1 - last;
    if (trimmed > 0) bounds(first, last + 1);
    for (long seq = first; seq <= last; seq++) {
      if (!holds(seq)) throw new BadFileException("garbage in the record of seq " + seq);
    }
    return trimmed == 0 ? null : "the newest " + trimmed + " points were not on disk (power loss?), dropped";
  }

  /** Whether slot {@code seq % capacity} holds a plausible point numbered {@code seq}. */
  private boolean holds(long seq) {
    int at = offset(index(seq));
    long word = map.getLong(at);
    long ts = word & TS_MASK;
    if ((word >>> TS_BITS) != (seq & TAG_MASK) || ts <= 0) return false;
    if (map.getLong(at + 8) < 0 || map.getLong(at + 16) < 0 || map.getInt(at + 44) < 0) return false;
    for (int f = 24; f < 44; f += 4) {
      if (!Float.isFinite(map.getFloat(at + f))) return false;
    }
    return true;
  }

  /** A fresh ring of {@code capacity} beside this one with its newest points, renamed over it. */
  private RingFile resized(int newCapacity, String host, String id) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    RingFile target = create(tmp, host, id, newCapacity);
    long next = nextSeq();
    long first = Math.max(firstSeq(), next - newCapacity);
    RingBuffer source = RingBuffer.over(this);
    for (long seq = first; seq < next; seq++) target.put(target.index(seq), seq, source.get(seq));
    target.bounds(first, next);
    sync(tmp);
    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new RingFile(path, target.map, newCapacity);
  }

  /**
   * Writes the file's dirty pages to the disk (fdatasync on a descriptor of its own, so the caller needs nothing but
   * the path: the mapping's pages are the file's page cache). Blocking. What it bounds: without it the kernel writes
   * dirty pages back after {@code vm.dirty_expire_centisecs}, so a power loss could take that much; the owner calls
   * it periodically. A file deleted meanwhile is skipped.
   */
  public static void sync(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
      ch.force(false);
    } catch (java.nio.file.NoSuchFileException gone) {
      // removed meanwhile: nothing to keep
    }
  }

  public Path path() {
    return path;
  }

  public int capacity() {
    return capacity;
  }

  public long nextSeq() {
    return map.getLong(RingHeader.AT_NEXT_SEQ);
  }

  public long firstSeq() {
    return map.getLong(RingHeader.AT_FIRST_SEQ);
  }

  private int index(long seq) {
    return (int) (seq % capacity);
  }

  private static int offset(int i) {
    return HEADER + i * RECORD;
  }

  @Override
  public int length() {
    return capacity;
  }

  @Override
  public Slots grownTo(int n) {
    return this;
  }

  @Override
  public void put(int i, long seq, Sample s) {
    int at = offset(i);
    map.putLong(at, (s.timestamp() & TS_MASK) | ((seq & TAG_MASK) << TS_BITS));
    map.putLong(at + 8, s.memUsage());
    map.putLong(at + 16, s.memLimit());
    map.putFloat(at + 24, (float) s.cpu());
    map.putFloat(at + 28, (float) s.netRx());
    map.putFloat(at + 32, (float) s.netTx());
    map.putFloat(at + 36, (float) s.blkRead());
    map.putFloat(at + 40, (float) s.blkWrite());
    map.putInt(at + 44, (int) Math.min(Integer.MAX_VALUE, s.pids()));
  }

  @Override
  public void bounds(long first, long next) {
    map.putLong(RingHeader.AT_FIRST_SEQ, first);
    map.putLong(RingHeader.AT_NEXT_SEQ, next);
  }

  @Override
  public long timestamp(int i) {
    return map.getLong(offset(i)) & TS_MASK;
  }

  @Override
  public float cpu(int i) {
    return map.getFloat(offset(i) + 24);
  }

  @Override
  public long memUsage(int i) {
    return map.getLong(offset(i) + 8);
  }

  @Override
  public long memLimit(int i) {
    return map.getLong(offset(i) + 16);
  }

  @Override
  public float netRx(int i) {
    return map.getFloat(offset(i) + 28);
  }

  @Override
  public float netTx(int i) {
    return map.getFloat(offset(i) + 32);
  }

  @Override
  public float blkRead(int i) {
    return map.getFloat(offset(i) + 36);
  }

  @Override
  public float blkWrite(int i) {
    return map.getFloat(offset(i) + 40);
  }

  @Override
  public int pids(int i) {
    return map.getInt(offset(i) + 44);
  }
}
