package dev.pulse.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.cgroup.CgroupPaths.CgroupUnavailable;
import dev.pulse.cgroup.CgroupSource;
import dev.pulse.config.CollectorConfig.Mode;
import dev.pulse.config.DockerHostSpec;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CollectorChoiceTest {

  private static final DockerHostSpec LOCAL = new DockerHostSpec("local", "unix:///var/run/docker.sock");
  private static final DockerHostSpec REMOTE = new DockerHostSpec("far", "tcp://127.0.0.1:2375");
  private static final CgroupSource TREES = new CgroupSource(Path.of("/sys/fs/cgroup"), Path.of("/proc"), 1 << 30);
  private static final CollectorChoice.Probe READABLE = () -> TREES;
  private static final CollectorChoice.Probe UNREADABLE = () -> {
    throw new CgroupUnavailable("cgroup root /nowhere is not a readable directory");
  };

  @Test
  void autoReadsTheKernelOfALocalEngineWithReadableTrees() {
    CollectorChoice c = CollectorChoice.decide(Mode.AUTO, LOCAL, true, READABLE);
    assertTrue(c.cgroup());
    assertEquals(new JsonObject().put("Collector", "cgroup").put("CollectorError", null), c.toJson());
  }

  @Test
  void autoFallsBackToTheApiSayingWhy() {
    CollectorChoice remote = CollectorChoice.decide(Mode.AUTO, REMOTE, true, READABLE);
    assertEquals("api", remote.toJson().getString("Collector"));
    assertTrue(remote.error().contains("not on this machine"), remote.error());
    CollectorChoice unreadable = CollectorChoice.decide(Mode.AUTO, LOCAL, true, UNREADABLE);
    assertEquals("api", unreadable.toJson().getString("Collector"));
    assertTrue(unreadable.error().contains("/nowhere"), unreadable.error());
    CollectorChoice noPids = CollectorChoice.decide(Mode.AUTO, LOCAL, false, READABLE);
    assertFalse(noPids.cgroup());
    assertTrue(noPids.error().contains("process ids"), noPids.error());
  }

  @Test
  void apiIsTheApiWithoutComplaint() {
    CollectorChoice c = CollectorChoice.decide(Mode.API, LOCAL, true, READABLE);
    assertFalse(c.cgroup());
    assertNull(c.error());
  }

  @Test
  void cgroupStopsStartUpWhenItCannotRead() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CollectorChoice.decide(Mode.CGROUP, LOCAL, true, UNREADABLE));
    assertTrue(e.getMessage().startsWith("PULSE_COLLECTOR=cgroup: cgroup root /nowhere"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> CollectorChoice.decide(Mode.CGROUP, REMOTE, true, READABLE));
  }

  @Test
  void aContainerWhoseFilesCannotBeReadTurnsAnAutoHostToTheApi() {
    CollectorChoice auto = CollectorChoice.decide(Mode.AUTO, LOCAL, true, READABLE).failed("permission denied");
    assertFalse(auto.cgroup());
    assertEquals("permission denied; using the Docker API", auto.error());
    CollectorChoice strict = CollectorChoice.decide(Mode.CGROUP, LOCAL, true, READABLE).failed("permission denied");
    assertTrue(strict.cgroup(), "cgroup stays cgroup");
    assertEquals("permission denied", strict.error());
  }
}
