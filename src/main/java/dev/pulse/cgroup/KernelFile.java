package dev.pulse.cgroup;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One small kernel file (cgroupfs or procfs) kept open and read again from offset 0 for every sample: the kernel
 * writes its text anew on each read, so a sample costs one or two {@code pread}s instead of open, read and close. A file
 * larger than {@link #MAX_BYTES} is an error, never a longer read.
 */
public final class KernelFile implements Closeable {

  /** These files hold a few lines; anything larger is not what we expect to read. */
  public static final int MAX_BYTES = 64 * 1024;

  private final Path path;
  private final FileChannel channel;

  private KernelFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  public static KernelFile open(Path path) throws IOException {
    return new KernelFile(path, FileChannel.open(path, StandardOpenOption.READ));
  }

  /**
   * A read shorter than asked that ends below this many bytes is the whole file. The kernel formats these files with
   * its seq_file helper, which fills the caller's buffer to the end of the file unless its own page-sized buffer
   * cannot take the next record (a line, or the whole file for the single-record ones); and a read at an offset past
   * 0 makes it format the text again from the start up to there. So the read that only confirms the end costs about
   * as much as the read itself, and is skipped where the text cannot have been cut short.
   */
  static final int SHORT_READ_IS_END = 2048;

  /** The file's bytes in {@code scratch} (positions 0 … limit), read from offset 0; the scratch grows up to the cap. */
  public Text read(Text scratch) throws IOException {
    ByteBuffer buf = scratch.buffer();
    buf.clear();
    long pos = 0;
    while (true) {
      int n = channel.read(buf, pos);
      if (n <= 0) break;
      pos += n;
      if (buf.hasRemaining() && pos < SHORT_READ_IS_END) break;
      if (!buf.hasRemaining()) {
        if (buf.capacity() > MAX_BYTES) throw new IOException(path + " is larger than " + MAX_BYTES + " bytes");
        buf = scratch.grow();
      }
    }
    buf.flip();
    return scratch;
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** Reads a whole file once (open, read, close), bounded the same way: for files read once per poller. */
  public static String readOnce(Path path) throws IOException {
    try (KernelFile f = open(path)) {
      return f.read(new Text()).toString();
    }
  }
}
