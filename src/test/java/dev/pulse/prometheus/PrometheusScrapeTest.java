package dev.pulse.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.config.SecurityConfig;
import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.NodeProcess;
import dev.pulse.testsupport.PulseTestServer;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Prometheus (Debian's package) scrapes Pulse every second with a bearer token; its query API must see one
 * core's worth of CPU in a container burning one core, and {@code promtool} must accept what Pulse serves.
 */
@Timeout(180)
class PrometheusScrapeTest {

  private static final String TOKEN = "test-token-" + Long.toHexString(System.nanoTime()) + "-abcdef";

  @Test
  void prometheusSeesOneCoreOfABusyContainer() throws Exception {
    Assumptions.assumeTrue(available("prometheus") && available("promtool") || failUnderCi());
    try (TestDocker docker = TestDocker.require()) {
      docker.runBusy("prom-busy");
      String busy = docker.uniqueName("prom-busy");
      try (PulseTestServer server = PulseTestServer.start(PulseTestServer.config(docker.url())
          .withSecurity(SecurityConfig.none().withSecret("pw-" + TOKEN).withMetricsToken(TOKEN)))) {
        String metricsUrl = server.base() + "/metrics";
        assertEquals(401, server.get("/metrics").status(), "no login, no token");
        assertEquals(401, server.send(HttpRequest.newBuilder(URI.create(metricsUrl))
            .header("Authorization", "Bearer " + TOKEN + "x")).status(), "a wrong token");
        PulseTestServer.Reply ok = server.send(HttpRequest.newBuilder(URI.create(metricsUrl))
            .header("Authorization", "Bearer " + TOKEN));
        assertEquals(200, ok.status());
        assertTrue(ok.contentType().startsWith("text/plain; version=0.0.4"), ok.contentType());

        Path dir = Files.createTempDirectory("pulse-prom-");
        int promPort = NodeProcess.freePort();
        Files.writeString(dir.resolve("prometheus.yml"), """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: pulse
                authorization:
                  type: Bearer
                  credentials: %s
                static_configs:
                  - targets: ['127.0.0.1:%d']
            """.formatted(TOKEN, server.port()));
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
            "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
            .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
          String query = "rate(container_cpu_usage_seconds_total{name=\"" + busy + "\"}[5s])";
          String url = "http://127.0.0.1:" + promPort + "/api/v1/query?query="
              + URLEncoder.encode(query, StandardCharsets.UTF_8);
          double[] rate = {Double.NaN};
          Await.until("Prometheus to compute " + query + " near 1.0, one busy core (last: " + rate[0] + ")",
              Duration.ofSeconds(60), () -> {
                PulseTestServer.Reply r;
                try {
                  r = server.send(HttpRequest.newBuilder(URI.create(url)));
                } catch (IllegalStateException notListeningYet) {
                  return false;
                }
                if (r.status() != 200) return false;
                JsonArray result = r.json().getJsonObject("data").getJsonArray("result");
                if (result.isEmpty()) return false;
                rate[0] = Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
                // the first windows hold the poller's start; a shared machine may also starve the container a moment
                return rate[0] > 0.75 && rate[0] < 1.25;
              });

          PulseTestServer.Reply up = server.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort
              + "/api/v1/query?query=" + URLEncoder.encode("up{job=\"pulse\"}", StandardCharsets.UTF_8))));
          JsonObject upValue = up.json().getJsonObject("data").getJsonArray("result").getJsonObject(0);
          assertEquals("1", upValue.getJsonArray("value").getString(1), "the scrape with the token succeeds");
        } finally {
          prometheus.destroy();
          if (!prometheus.waitFor(20, TimeUnit.SECONDS)) prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }

        String body = server.send(HttpRequest.newBuilder(URI.create(metricsUrl))
            .header("Authorization", "Bearer " + TOKEN)).body();
        assertTrue(body.contains("container_cpu_usage_seconds_total{host=\"local\",id=\""), body);
        assertTrue(body.contains("name=\"" + busy + "\""), body);
        for (String family : new String[] {"container_memory_usage_bytes", "container_memory_working_set_bytes",
            "container_spec_memory_limit_bytes", "container_network_receive_bytes_total",
            "container_network_transmit_bytes_total", "container_fs_reads_bytes_total",
            "container_fs_writes_bytes_total", "container_threads", "container_last_seen", "pulse_pollers",
            "pulse_sessions", "pulse_samples_collected_total", "pulse_samples_missed_total", "pulse_host_available",
            "pulse_host_info", "process_cpu_seconds_total", "jvm_memory_used_bytes"}) {
          assertTrue(body.contains("\n" + family + "{") || body.contains("\n" + family + " "), family + " in\n" + body);
        }
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String lint = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, promtool.exitValue(), "promtool check metrics: " + lint);
        assertTrue(lint.isBlank(), "no lint findings: " + lint);
      }
    }
  }

  private static boolean available(String command) {
    return new File("/usr/bin/" + command).canExecute();
  }

  private static boolean failUnderCi() {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("prometheus and promtool are needed (apt-get install prometheus; .ci/run does)");
    }
    return false;
  }
}
