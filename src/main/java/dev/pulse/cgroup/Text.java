package dev.pulse.cgroup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A reusable byte buffer holding one kernel file's ASCII text, with the few parsing steps the cgroup and proc files
 * need (whitespace-separated fields, unsigned decimal numbers), so that a sample allocates no strings.
 */
public final class Text {

  // direct: a read into a heap buffer goes through a temporary direct one (a thread-local lookup and a copy per read)
  private ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
  private int pos;

  ByteBuffer buffer() {
    pos = 0;
    return buffer;
  }

  /** Doubles the buffer (up to one byte past {@link KernelFile#MAX_BYTES}), keeping what was read. */
  ByteBuffer grow() {
    int size = Math.min(buffer.capacity() * 2, KernelFile.MAX_BYTES + 1);
    ByteBuffer bigger = ByteBuffer.allocateDirect(size);
    buffer.flip();
    bigger.put(buffer);
    buffer = bigger;
    return bigger;
  }

  /** For tests and fixtures: the text of a string. */
  public static Text of(String s) {
    Text t = new Text();
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    t.buffer = ByteBuffer.wrap(b);
    return t;
  }

  public int length() {
    return buffer.limit();
  }

  public byte at(int i) {
    return buffer.get(i);
  }

  /** Moves the cursor to the start. */
  public Text rewind() {
    pos = 0;
    return this;
  }

  int position() {
    return pos;
  }

  void skipOne() {
    if (pos < buffer.limit()) pos++;
  }

  /** True when the text at the cursor (after spaces) starts with {@code prefix}; does not move. */
  public boolean startsWith(String prefix) {
    hasField();
    if (pos + prefix.length() > buffer.limit()) return false;
    for (int i = 0; i < prefix.length(); i++) {
      if (buffer.get(pos + i) != prefix.charAt(i)) return false;
    }
    return true;
  }

  public boolean atEnd() {
    return pos >= buffer.limit();
  }

  private static boolean space(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /** Skips spaces (not newlines); true when a field follows on this line. */
  public boolean hasField() {
    int end = buffer.limit();
    while (pos < end && (buffer.get(pos) == ' ' || buffer.get(pos) == '\t')) pos++;
    return pos < end && buffer.get(pos) != '\n';
  }

  /** Moves past the next newline. */
  public void nextLine() {
    int end = buffer.limit();
    while (pos < end && buffer.get(pos) != '\n') pos++;
    if (pos < end) pos++;
  }

  /** True when the field at the cursor is {@code word} (followed by a space, ':' , '=' or the line's end); moves past it then. */
  public boolean field(String word) {
    hasField();
    int end = buffer.limit();
    int n = word.length();
    if (pos + n > end) return false;
    for (int i = 0; i < n; i++) {
      if (buffer.get(pos + i) != word.charAt(i)) return false;
    }
    if (pos + n < end && !space(buffer.get(pos + n)) && buffer.get(pos + n) != '=' && buffer.get(pos + n) != ':') {
      return false;
    }
    pos += n;
    if (pos < end && (buffer.get(pos) == '=' || buffer.get(pos) == ':')) pos++;
    return true;
  }

  /** Skips one field (up to a space, '=' or the line's end; the '=' is consumed). */
  public void skipField() {
    hasField();
    int end = buffer.limit();
    while (pos < end && !space(buffer.get(pos)) && buffer.get(pos) != '=') pos++;
    if (pos < end && buffer.get(pos) == '=') pos++;
  }

  /** An unsigned decimal number; past 2^63 saturates at Long.MAX_VALUE. Throws when the field is not a number. */
  public long number() {
    hasField();
    int end = buffer.limit();
    int start = pos;
    long v = 0;
    while (pos < end) {
      int d = buffer.get(pos) - '0';
      if (d < 0 || d > 9) break;
      v = v > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : v * 10 + d;
      pos++;
    }
    if (pos == start) throw new NumberFormatException("not a number at byte " + start + ": " + excerpt(start));
    return v;
  }

  private String excerpt(int from) {
    int to = Math.min(buffer.limit(), from + 20);
    byte[] b = new byte[to - from];
    for (int i = 0; i < b.length; i++) b[i] = buffer.get(from + i);
    return new String(b, StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    byte[] b = new byte[buffer.limit()];
    for (int i = 0; i < b.length; i++) b[i] = buffer.get(i);
    return new String(b, StandardCharsets.US_ASCII);
  }
}
