package dev.pulse.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.NodeProcess;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The repository's Dockerfile, built (target {@code prebuilt}, on a JRE base made from Debian's packages by
 * {@code .ci/base-image.sh}) and run against the real engine with the documented mounts, as a user runs it.
 * The container shares the host's network (the engine runs without a bridge) and listens on 127.0.0.1 only.
 */
@Timeout(600)
class ContainerImageIT {

  private static final String BASE = "pulse-jre";
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String image = "pulse-it:" + run;
  private final String name = "pulse-it-" + run;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @Test
  void theImageServesTheEngineItIsGiven() throws Exception {
    try (TestDocker docker = TestDocker.require()) {
      prepare(docker);
      try {
        String built = exec(List.of("docker", "build", "--target", "prebuilt", "--build-arg", "RUNTIME_IMAGE=" + BASE,
            "-t", image, "."));
        assertTrue(built.contains("Successfully tagged " + image) || built.contains("naming to docker.io/library/" + image),
            built);
        assertEquals("pulse", docker.ok(List.of("image", "inspect", "--format", "{{.Config.User}}", image)).trim(),
            "not root");

        // no secret, no start: the image listens on 0.0.0.0
        String refused = exec(List.of("docker", "run", "--rm", "--network", "none", "--label", TestDocker.LABEL + "=" + run,
            image));
        assertTrue(refused.contains("PULSE_AUTH_SECRET"), refused);

        String secret = "it-" + run;
        int port = NodeProcess.freePort();
        String socketGroup = exec(List.of("stat", "-c", "%g", "/var/run/docker.sock")).trim();
        docker.ok(List.of("run", "-d", "--name", name, "--label", TestDocker.LABEL + "=" + run,
            "--network", "host", "-e", "PULSE_HTTP_HOST=127.0.0.1", "-e", "PULSE_HTTP_PORT=" + port,
            "-e", "PULSE_AUTH_SECRET=" + secret, "-e", "PULSE_POLL_INTERVAL_MS=1000",
            "--group-add", socketGroup, "--health-interval", "1s", "--health-start-period", "60s",
            "-v", "/var/run/docker.sock:/var/run/docker.sock:ro",
            "-v", "/sys/fs/cgroup:/host/sys/fs/cgroup:ro", "-v", "/proc:/host/proc:ro",
            image));
        String sibling = docker.runBusy("img-sibling");
        String base = "http://127.0.0.1:" + port;
        Await.until("/health from the container", Duration.ofSeconds(90), () -> status(base + "/health") == 200);
        Await.until("Docker to call the container healthy", Duration.ofSeconds(60), () -> "healthy".equals(
            docker.ok(List.of("inspect", "--format", "{{.State.Health.Status}}", name)).trim()));
        assertEquals(401, status(base + "/api/containers"), "authentication is on");

        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"Password\":\"" + secret + "\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

        Await.until("the sibling container listed", Duration.ofSeconds(30),
            () -> get(base + "/api/containers", cookie).contains(docker.uniqueName("img-sibling")));
        String metrics = base + "/api/hosts/local/containers/" + sibling + "/metrics";
        Await.until("the sibling's metrics", Duration.ofSeconds(60),
            () -> new JsonObject(get(metrics, cookie)).getLong("From") >= 2);
        JsonArray cpu = new JsonObject(get(metrics, cookie)).getJsonObject("Metrics").getJsonArray("cpu");
        assertTrue(cpu.getDouble(cpu.size() - 1) > 30, "a busy sibling reads busy: " + cpu);

        // Needs the cgroup collector (issue 13): the image mounts what it reads, and the host must say it uses it.
        JsonObject host = new JsonObject(get(base + "/api/hosts", cookie)).getJsonArray("Hosts").getJsonObject(0);
        assertEquals("cgroup", host.getString("Collector"), "the image's mounts let the cgroup collector run: " + host);
      } finally {
        exec(List.of("docker", "rm", "-f", name));
        exec(List.of("docker", "rmi", "-f", image));
      }
    }
  }

  /** The base image and the jar the prebuilt target copies. */
  private void prepare(TestDocker docker) throws IOException, InterruptedException {
    Path jar = Path.of("target/pulse.jar");
    if (!Files.isRegularFile(jar)) Assertions.fail("target/pulse.jar missing: this test runs after mvn package");
    Process p = new ProcessBuilder("bash", ".ci/base-image.sh", BASE).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      String message = "base image " + BASE + " could not be made: " + out.trim();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(message);
      Assumptions.abort(message);
    }
  }

  private int status(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private String get(String url, String cookie) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie)
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertNotEquals(401, r.statusCode(), "logged in");
      return r.body();
    } catch (IOException e) {
      return "{\"From\":-1}";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly();
    return out;
  }
}
