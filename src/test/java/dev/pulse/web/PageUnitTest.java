package dev.pulse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the page's JavaScript unit tests (src/test/js, Node's own test runner, no npm packages) so that
 * {@code mvn verify} covers them. Without {@code node} on the PATH they are skipped with a message, except under
 * {@code CI=true} where that is a failure.
 */
class PageUnitTest {

  private static final Path TESTS = Path.of("src", "test", "js");
  private static final long TIMEOUT_S = 120;

  private static String node() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "node");
      if (Files.isExecutable(p)) return p.toString();
    }
    String message = "node not found on PATH: install Node.js 20+ (Debian: nodejs) to run the page's unit tests";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(message);
    Assumptions.abort(message);
    return null;
  }

  @Test
  void nodeTestRunnerPasses() throws IOException, InterruptedException {
    String node = node();
    assertTrue(Files.isDirectory(TESTS), TESTS + " is missing");
    Path log = Files.createTempFile("pulse-node-test", ".log");
    try {
      Process p = new ProcessBuilder(node, "--test", "--test-reporter=spec", TESTS + File.separator)
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        Assertions.fail("node --test did not finish within " + TIMEOUT_S + " s:\n" + Files.readString(log));
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      System.out.println(out);
      assertEquals(0, p.exitValue(), "node --test " + TESTS + " failed:\n" + out);
      assertTrue(out.contains("ℹ pass") && !out.contains("ℹ pass 0"), "no test ran:\n" + out);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
