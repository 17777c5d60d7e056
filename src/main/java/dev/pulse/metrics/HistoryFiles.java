package dev.pulse.metrics;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blocking file work of {@link RingBufferVerticle} on the data directory, {@code <dataDir>/<host>/<id>.ring}:
 * loading a host's rings at start-up and setting bad ones aside. Runs on a worker thread; touches no verticle state.
 */
final class HistoryFiles {

  private static final String LOCK = ".lock";

  private HistoryFiles() {}

  /**
   * What loading one host's directory found: the rings by container id, log lines, the error that keeps history in
   * memory, and the open {@code .lock} whose lock this process holds (null when it does not own the directory).
   */
  record HostLoad(String host, Map<String, RingFile> rings, List<String> log, String error, FileChannel lock) {}

  static Path hostDir(Path dataDir, String host) {
    return dataDir.resolve(host);
  }

  /**
   * Creates the host's directory when missing, takes the lock of its {@code .lock} file (two Pulse processes on one
   * directory would write the same mapped files), checks that a file can be written there, removes what an interrupted
   * resize left, and opens every {@code <id>.ring}. A bad ring is set aside with its reason in the log; an unreadable
   * one is left alone and named in the error. Other names in the directory are not touched.
   */
  static HostLoad load(Path dataDir, String host, int capacity, long now) {
    Path dir = hostDir(dataDir, host);
    Map<String, RingFile> rings = new LinkedHashMap<>();
    List<String> log = new ArrayList<>();
    FileChannel lock = null;
    List<Path> files = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      lock = FileChannel.open(dir.resolve(LOCK), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS));
      if (!locked(lock)) {
        closeQuietly(lock);
        return new HostLoad(host, rings, log, "data directory " + dir + " is in use by another Pulse process", null);
      }
      Files.delete(Files.createTempFile(dir, ".probe-", ".tmp"));
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        entries.forEach(files::add);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(lock);
      return new HostLoad(host, rings, log, "data directory " + dir + ": " + describe(e), null);
    }
    String error = null;
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.endsWith(RingFile.SUFFIX + ".tmp") && RingFile.idOf(file.resolveSibling(
          name.substring(0, name.length() - 4))) != null) {
        deleteQuietly(file);
        continue;
      }
      String id = RingFile.idOf(file);
      if (id == null) continue;
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        log.add(file + ": not a regular file, ignored");
        continue;
      }
      try {
        RingFile.Loaded loaded = RingFile.open(file, host, id, capacity);
        rings.put(id, loaded.file());
        if (loaded.note() != null) log.add(file + ": " + loaded.note());
      } catch (RingFile.BadFileException bad) {
        log.add(file + ": " + bad.getMessage() + "; set aside as " + setAside(file, now).getFileName());
      } catch (IOException | RuntimeException e) {
        error = file + ": " + describe(e);
        log.add(error);
      }
    }
    return new HostLoad(host, rings, log, error, lock);
  }

  private static boolean locked(FileChannel ch) throws IOException {
    try {
      return ch.tryLock() != null;
    } catch (OverlappingFileLockException sameProcess) {
      return false;
    }
  }

  static void closeQuietly(FileChannel ch) {
    if (ch == null) return;
    try {
      ch.close();
    } catch (IOException e) {
      // closing releases the lock either way
    }
  }

  /** Renames a bad ring to {@code <name>.bad-<epoch ms>} so that an operator can look at it; it is never read again. */
  static Path setAside(Path file, long now) {
    Path aside = file.resolveSibling(file.getFileName() + ".bad-" + now);
    try {
      Files.move(file, aside);
    } catch (IOException e) {
      deleteQuietly(file);
    }
    return aside;
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // nothing more to do: an unreadable leftover is ignored at the next start as well
    }
  }

  /** One line for an exception: NIO's file exceptions carry only the path as their message, so name the kind too. */
  static String describe(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) return e.getClass().getSimpleName();
    return e instanceof java.nio.file.FileSystemException ? e.getClass().getSimpleName() + ": " + m : m;
  }
}
