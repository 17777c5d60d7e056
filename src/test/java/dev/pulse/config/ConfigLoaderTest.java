package dev.pulse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  @Test
  void defaultsMatchTheReadme() {
    PulseConfig c = ConfigLoader.parse(new JsonObject());
    assertEquals("127.0.0.1", c.httpHost());
    assertEquals(8080, c.httpPort());
    assertEquals(3000, c.pollIntervalMs());
    assertEquals(3000, c.bufferSize());
    assertEquals(60_000, c.lingerMs());
    assertEquals(1_800_000, c.idleTimeoutMs());
    assertEquals(List.of(new DockerHostSpec("local", "unix:///var/run/docker.sock")), c.dockerHosts());
    assertEquals(SamplingMode.ONESHOT, c.sampling());
    assertEquals(new CollectorConfig(CollectorConfig.Mode.AUTO, java.nio.file.Path.of("/sys/fs/cgroup"),
        java.nio.file.Path.of("/proc")), c.collector());
  }

  @Test
  void collectorAndTrees() {
    PulseConfig c = ConfigLoader.parse(new JsonObject().put("collector", "api").put("PULSE_COLLECTOR", "CGROUP")
        .put("PULSE_CGROUP_ROOT", "/host/sys/fs/cgroup/").put("procRoot", "/host/proc"));
    assertEquals(new CollectorConfig(CollectorConfig.Mode.CGROUP, java.nio.file.Path.of("/host/sys/fs/cgroup"),
        java.nio.file.Path.of("/host/proc")), c.collector());
  }

  @Test
  void cgroupRefusesARemoteEngine() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(new JsonObject()
        .put("PULSE_COLLECTOR", "cgroup").put("PULSE_DOCKER_HOSTS", "a=unix:///a.sock,b=tcp://127.0.0.1:2375")));
    assertTrue(e.getMessage().contains("PULSE_COLLECTOR") && e.getMessage().contains("'b'"), e.getMessage());
  }

  @Test
  void environmentWinsOverTheFile() {
    PulseConfig c = ConfigLoader.parse(new JsonObject().put("httpPort", 9000).put("PULSE_HTTP_PORT", "9100")
        .put("pollIntervalMs", 2000).put("PULSE_DOCKER_HOSTS", "a=unix:///a.sock, b=tcp://127.0.0.1:2375"));
    assertEquals(9100, c.httpPort());
    assertEquals(2000, c.pollIntervalMs());
    assertEquals(List.of(new DockerHostSpec("a", "unix:///a.sock"), new DockerHostSpec("b", "tcp://127.0.0.1:2375")),
        c.dockerHosts());
  }

  @Test
  void dockerHostEnvIsTheDefaultHost() {
    PulseConfig c = ConfigLoader.parse(new JsonObject().put("DOCKER_HOST", "unix:///run/user/1000/docker.sock"));
    assertEquals(List.of(new DockerHostSpec("local", "unix:///run/user/1000/docker.sock")), c.dockerHosts());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PULSE_POLL_INTERVAL_MS|-5|PULSE_POLL_INTERVAL_MS",
      "PULSE_POLL_INTERVAL_MS|fast|PULSE_POLL_INTERVAL_MS",
      "PULSE_HTTP_PORT|70000|PULSE_HTTP_PORT",
      "PULSE_BUFFER_SIZE|1.5|PULSE_BUFFER_SIZE",
      "PULSE_LINGER_MS|-1|PULSE_LINGER_MS",
      "PULSE_IDLE_TIMEOUT_MS|soon|PULSE_IDLE_TIMEOUT_MS",
      "PULSE_DOCKER_HOSTS|local|PULSE_DOCKER_HOSTS",
      "PULSE_DOCKER_HOSTS|a=unix:///x,a=unix:///y|PULSE_DOCKER_HOSTS",
      "PULSE_DOCKER_HOSTS|bad.name=unix:///x|PULSE_DOCKER_HOSTS",
      "PULSE_DOCKER_HOSTS|a=http://x|PULSE_DOCKER_HOSTS",
      "PULSE_SAMPLING|sometimes|PULSE_SAMPLING",
      "PULSE_COLLECTOR|kernel|PULSE_COLLECTOR",
      "PULSE_CGROUP_ROOT|sys/fs/cgroup|PULSE_CGROUP_ROOT",
      "PULSE_PROC_ROOT|proc|PULSE_PROC_ROOT",
  })
  void aBadValueStopsStartUpNamingTheKey(String key, String value, String named) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(new JsonObject().put(key, value)));
    assertTrue(e.getMessage().contains(named), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), "one line");
  }

  @Test
  void autoSamplingStreamsBelowTwoSecondsAndAsksOnceAboveThat() {
    assertEquals(SamplingMode.ONESHOT, ConfigLoader.parse(new JsonObject()).sampling());
    assertEquals(SamplingMode.STREAM, ConfigLoader.parse(new JsonObject().put("PULSE_POLL_INTERVAL_MS", "1000"))
        .sampling());
    assertEquals(SamplingMode.ONESHOT, ConfigLoader.parse(new JsonObject().put("PULSE_POLL_INTERVAL_MS", "2000"))
        .sampling());
    assertEquals(SamplingMode.ONESHOT, ConfigLoader.parse(new JsonObject().put("PULSE_POLL_INTERVAL_MS", "1000")
        .put("PULSE_SAMPLING", "oneshot")).sampling(), "an explicit choice wins");
  }

  @Test
  void fileValuesAreCheckedToo() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse(new JsonObject().put("pollIntervalMs", -1)));
    assertTrue(e.getMessage().contains("PULSE_POLL_INTERVAL_MS (pollIntervalMs)"), e.getMessage());
  }
}
