package dev.pulse.metrics;

import dev.pulse.bus.ContainerKey;
import dev.pulse.metrics.RingFile.BadFileException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The header of a {@link RingFile}: what it is (magic, version), whose points it holds, its capacity and the two seqs
 * that bound its points. Little-endian, {@value #SIZE} bytes:
 * <pre>
 *   0  magic "PULSERNG"         8
 *   8  version                  4
 *  12  capacity (records)       4
 *  16  first seq                8   the oldest point retained
 *  24  next seq                 8   the seq the next point gets; these two change with every append
 *  32  CRC32 of the header      4   every byte of the header except the two seqs and this field
 *  36  host name length         1
 *  37  host name, ASCII        63   zero padded (host names are at most 63 characters)
 * 100  container id, ASCII hex 64
 * 164  zero padding            28   (a header of four records)
 * </pre>
 * The checksum leaves out the seqs so that an append writes them without rewriting it.
 */
final class RingHeader {

  static final int SIZE = 192;
  static final int VERSION = 1;
  static final int AT_FIRST_SEQ = 16;
  static final int AT_NEXT_SEQ = 24;

  private static final byte[] MAGIC = "PULSERNG".getBytes(StandardCharsets.US_ASCII);
  private static final int AT_VERSION = 8;
  private static final int AT_CAPACITY = 12;
  private static final int AT_CRC = 32;
  private static final int AT_HOST_LENGTH = 36;
  private static final int AT_HOST = 37;
  private static final int HOST_MAX = 63;
  private static final int AT_ID = 100;
  private static final int ID_LENGTH = 64;

  private RingHeader() {}

  /** The header of an empty ring (both seqs 0), positioned at 0. */
  static ByteBuffer of(String host, String id, int capacity) {
    if (capacity < 1 || capacity > RingFile.MAX_CAPACITY) throw new IllegalArgumentException("capacity " + capacity);
    byte[] hostBytes = host.getBytes(StandardCharsets.US_ASCII);
    if (hostBytes.length > HOST_MAX) throw new IllegalArgumentException("host name longer than " + HOST_MAX);
    if (!ContainerKey.isFullId(id)) throw new IllegalArgumentException("not a full container id");
    ByteBuffer h = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    h.put(MAGIC).putInt(AT_VERSION, VERSION).putInt(AT_CAPACITY, capacity)
        .put(AT_HOST_LENGTH, (byte) hostBytes.length).put(AT_HOST, hostBytes)
        .put(AT_ID, id.getBytes(StandardCharsets.US_ASCII));
    h.putInt(AT_CRC, crc(h));
    return h.clear();
  }

  /**
   * Checks a header read back: a ring of this version, intact, with seqs that fit, of {@code host}/{@code id}.
   *
   * @return its capacity
   * @throws BadFileException saying what does not hold
   */
  static int check(ByteBuffer h, String host, String id) throws BadFileException {
    byte[] magic = new byte[MAGIC.length];
    h.get(0, magic);
    if (!Arrays.equals(magic, MAGIC)) throw new BadFileException("not a Pulse ring file (wrong magic)");
    int version = h.getInt(AT_VERSION);
    if (version != VERSION) {
      throw new BadFileException("version " + version + ", this Pulse reads version " + VERSION);
    }
    if (h.getInt(AT_CRC) != crc(h)) throw new BadFileException("header checksum does not match");
    int capacity = h.getInt(AT_CAPACITY);
    if (capacity < 1 || capacity > RingFile.MAX_CAPACITY) {
      throw new BadFileException("capacity " + capacity + " out of range");
    }
    long first = h.getLong(AT_FIRST_SEQ);
    long next = h.getLong(AT_NEXT_SEQ);
    if (first < 0 || next < first || next - first > capacity) {
      throw new BadFileException("first seq " + first + " and next seq " + next + " do not fit capacity " + capacity);
    }
    int hostLength = h.get(AT_HOST_LENGTH);
    if (hostLength < 0 || hostLength > HOST_MAX) throw new BadFileException("host name length " + hostLength);
    byte[] hostBytes = new byte[hostLength];
    h.get(AT_HOST, hostBytes);
    byte[] idBytes = new byte[ID_LENGTH];
    h.get(AT_ID, idBytes);
    String fileHost = new String(hostBytes, StandardCharsets.US_ASCII);
    String fileId = new String(idBytes, StandardCharsets.US_ASCII);
    if (!fileHost.equals(host) || !fileId.equals(id)) {
      throw new BadFileException("holds the history of " + printable(fileHost) + "/" + printable(fileId)
          + ", not of " + host + "/" + id);
    }
    return capacity;
  }

  /** A name read from a file, safe to put in a log line. */
  private static String printable(String s) {
    return s.replaceAll("[^A-Za-z0-9_.-]", "?");
  }

  /** CRC32 of the header without the seqs and the CRC field itself. */
  private static int crc(ByteBuffer h) {
    CRC32 crc = new CRC32();
    crc.update(h.slice(0, AT_FIRST_SEQ));
    crc.update(h.slice(AT_HOST_LENGTH, SIZE - AT_HOST_LENGTH));
    return (int) crc.getValue();
  }
}
