package dev.pulse.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A second, real Docker engine on its own socket, data-root and exec-root, that a test may stop and start at will
 * (never the engine CI depends on). Needs root and {@code dockerd}; otherwise the test is skipped, or fails under CI.
 */
public final class SecondEngine implements AutoCloseable {

  private final Path dir;
  private Process daemon;

  private SecondEngine(Path dir) {
    this.dir = dir;
  }

  public static SecondEngine start() {
    String problem = null;
    if (!new File("/usr/sbin/dockerd").canExecute() && !new File("/usr/bin/dockerd").canExecute()) {
      problem = "dockerd not installed";
    } else if (!"root".equals(System.getProperty("user.name"))) {
      problem = "a second dockerd needs root";
    }
    if (problem != null) {
      String message = "second Docker engine not possible (" + problem + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(message);
      Assumptions.abort(message);
    }
    try {
      // short path: unix socket paths are limited to 108 bytes
      SecondEngine engine = new SecondEngine(Files.createTempDirectory(Path.of("/tmp"), "pe2-"));
      engine.up();
      return engine;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return "unix://" + dir.resolve("docker.sock");
  }

  /** Starts the daemon and waits until it answers. */
  public void up() {
    try {
      daemon = new ProcessBuilder("dockerd", "--host", url(), "--data-root", dir.resolve("data").toString(),
          "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("docker.pid").toString(),
          "--bridge=none", "--iptables=false", "--ip6tables=false")
          .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
      Await.until("the second dockerd to answer", java.time.Duration.ofSeconds(60), this::answers);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the daemon (SIGTERM, as a service manager would) and waits for it to exit. */
  public void down() {
    if (daemon == null) return;
    daemon.destroy();
    try {
      if (!daemon.waitFor(60, TimeUnit.SECONDS)) daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    daemon = null;
  }

  private boolean answers() {
    try {
      Process p = new ProcessBuilder("docker", "-H", url(), "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    try {
      if (daemon != null && answers()) {
        new ProcessBuilder("sh", "-c", "docker -H " + url() + " rm -f $(docker -H " + url() + " ps -aq) 2>/dev/null")
            .start().waitFor(60, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      // best effort: the daemon goes away next
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    down();
    try {
      new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      // a temp dir left behind is harmless
    }
  }

  List<String> dockerArgs() {
    return List.of("-H", url());
  }
}
