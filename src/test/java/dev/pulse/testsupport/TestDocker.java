package dev.pulse.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Docker engine for tests, driven through the docker CLI. Every container it makes carries the label
 * {@code pulse-test} and runs with {@code --network none}; {@link #close()} removes them even when a test failed.
 * Without an engine the calling test is skipped with a clear message, except under {@code CI=true} where that fails.
 */
public final class TestDocker implements AutoCloseable {

  public static final String IMAGE = "pulse-busybox:latest";
  public static final String LABEL = "pulse-test";

  private final String host;
  private final List<String> created = new ArrayList<>();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private TestDocker(String host) {
    this.host = host;
  }

  /** The default engine ({@code DOCKER_HOST} or the standard socket). */
  public static TestDocker require() {
    return require(null);
  }

  /** The engine at {@code host} (a {@code unix://} URL), or the default when null. */
  public static TestDocker require(String host) {
    TestDocker docker = new TestDocker(host);
    String problem = docker.problem();
    if (problem != null) {
      String message = "Docker engine not usable (" + problem + "); run .ci/run or start dockerd to run this test";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    return docker;
  }

  /** The engine URL Pulse should be configured with to see the same engine. */
  public String url() {
    if (host != null) return host;
    String env = System.getenv("DOCKER_HOST");
    return env == null || env.isBlank() ? "unix:///var/run/docker.sock" : env;
  }

  private String problem() {
    try {
      Result r = exec(List.of("version", "--format", "{{.Server.Version}}"), 20);
      if (r.code != 0) return "docker version: " + r.out.trim();
      if (exec(List.of("image", "inspect", IMAGE), 20).code != 0) {
        Path script = Path.of(".ci/test-image.sh");
        if (!Files.exists(script)) return "image " + IMAGE + " missing and .ci/test-image.sh not found";
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), IMAGE).redirectErrorStream(true);
        if (host != null) pb.environment().put("DOCKER_HOST", host);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) return "building " + IMAGE + ": " + out.trim();
      }
      return null;
    } catch (IOException e) {
      return "docker CLI not found: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** A container burning one core. Returns its full id. */
  public String runBusy(String name) {
    return run(name, "sh", "-c", "yes > /dev/null");
  }

  /** An idle container. Returns its full id. */
  public String runIdle(String name) {
    return run(name, "sleep", "1000000");
  }

  /** Starts a container of {@link #IMAGE} named {@code name-<run>} with the given command; returns its full id. */
  public String run(String name, String... command) {
    return run(name, List.of(), command);
  }

  /** As {@link #run(String, String...)} with extra {@code docker run} options (e.g. a restart policy). */
  public String run(String name, List<String> options, String... command) {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--network", "none", "--label", LABEL + "=" + run,
        "--name", uniqueName(name)));
    args.addAll(options);
    args.add(IMAGE);
    args.addAll(List.of(command));
    String id = ok(args).trim();
    created.add(id);
    return id;
  }

  /** The name a container made by {@code run(name, ...)} gets. */
  public String uniqueName(String name) {
    return name + "-" + run;
  }

  public void stop(String id) {
    ok(List.of("stop", "-t", "1", id));
  }

  public void start(String id) {
    ok(List.of("start", id));
  }

  public void remove(String id) {
    ok(List.of("rm", "-f", id));
    created.remove(id);
  }

  /** {@code docker stats --no-stream} CPU % of one container, as the CLI prints it. */
  public double cliCpuPercent(String id) {
    String out = ok(List.of("stats", "--no-stream", "--format", "{{.CPUPerc}}", id)).trim();
    return Double.parseDouble(out.replace("%", ""));
  }

  /** {@code docker stats --no-stream} of one container: {MemUsage, PIDs, NetIO, BlockIO} as the CLI prints them. */
  public String[] cliStats(String id) {
    String out = ok(List.of("stats", "--no-stream", "--format", "{{.MemUsage}}|{{.PIDs}}|{{.NetIO}}|{{.BlockIO}}", id));
    return out.trim().split("\\|");
  }

  /** Bytes of a size as the CLI prints it ({@code 704KiB}, {@code 2.418MiB}, {@code 0B}). */
  public static double cliBytes(String size) {
    String s = size.trim();
    String[] units = {"GiB", "MiB", "KiB", "GB", "MB", "kB", "B"};
    double[] factors = {1 << 30, 1 << 20, 1 << 10, 1e9, 1e6, 1e3, 1};
    for (int i = 0; i < units.length; i++) {
      if (s.endsWith(units[i])) return Double.parseDouble(s.substring(0, s.length() - units[i].length())) * factors[i];
    }
    throw new IllegalArgumentException("not a CLI size: " + size);
  }

  public String ok(List<String> args) {
    Result r = exec(args, 60);
    if (r.code != 0) {
      throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + r.out.trim());
    }
    return r.out;
  }

  private Result exec(List<String> args, int timeoutSeconds) {
    List<String> cmd = new ArrayList<>();
    cmd.add("docker");
    if (host != null) {
      cmd.add("-H");
      cmd.add(host);
    }
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    Result r = exec(List.of("ps", "-aq", "--filter", "label=" + LABEL + "=" + run), 30);
    List<String> ids = new ArrayList<>(created);
    if (r.code == 0) ids.addAll(r.out.lines().map(String::trim).filter(s -> !s.isEmpty()).toList());
    if (!ids.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("rm", "-f"));
      args.addAll(ids.stream().distinct().toList());
      exec(args, 60);
    }
    created.clear();
  }

  private record Result(int code, String out) {}
}
