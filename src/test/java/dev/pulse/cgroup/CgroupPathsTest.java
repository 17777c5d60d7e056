package dev.pulse.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupPathsTest {

  private static final String ID = "c1a9014e59cc578f112888886fb90f319a72a01620226bc10bb093d78c71b25d";

  @TempDir
  Path root;

  @Test
  void v1CgroupfsDriver() throws Exception {
    for (String c : new String[] {"memory", "cpuacct", "blkio", "pids"}) Files.createDirectories(root.resolve(c));
    CgroupPaths p = CgroupPaths.resolve(root, "8:pids:/docker/" + ID + "\n4:memory:/docker/" + ID
        + "\n7:blkio:/docker/" + ID + "\n2:cpuacct:/docker/" + ID + "\n1:cpu:/docker/" + ID + "\n0::/docker/" + ID + "\n");
    assertFalse(p.v2(), "a hybrid host with v1 controllers reads v1");
    assertEquals(root.resolve("memory/docker/" + ID), p.dir("memory"));
    assertEquals(root.resolve("cpuacct/docker/" + ID), p.dir("cpuacct"));
    assertEquals(root.resolve("pids/docker/" + ID), p.dir("pids"));
  }

  @Test
  void v1SystemdDriverWithCoMountedControllers() throws Exception {
    Files.createDirectories(root.resolve("memory"));
    Files.createDirectories(root.resolve("cpu,cpuacct"));
    String scope = "/system.slice/docker-" + ID + ".scope";
    CgroupPaths p = CgroupPaths.resolve(root, "4:memory:" + scope + "\n3:cpu,cpuacct:" + scope + "\n");
    assertEquals(root.resolve("cpu,cpuacct" + scope), p.dir("cpuacct"));
    assertEquals(null, p.dir("blkio"), "a controller the process is not in has no directory");
  }

  @Test
  void v2AnyParent() throws Exception {
    Files.writeString(root.resolve("cgroup.controllers"), "cpu memory io pids\n");
    CgroupPaths p = CgroupPaths.resolve(root, "0::/my/parent/" + ID + "\n");
    assertTrue(p.v2());
    assertEquals(root.resolve("my/parent/" + ID), p.dir("memory"));
    assertEquals(p.dir("memory"), p.dir("cpuacct"), "v2 has one directory");
  }

  @Test
  void aPathThatClimbsOutIsRefused() throws Exception {
    Files.writeString(root.resolve("cgroup.controllers"), "cpu memory\n");
    assertThrows(CgroupPaths.CgroupUnavailable.class, () -> CgroupPaths.resolve(root, "0::/../../etc\n"));
  }

  @Test
  void anEmptyRootIsNotACgroupTree() {
    assertThrows(CgroupPaths.CgroupUnavailable.class, () -> CgroupPaths.resolve(root, "4:memory:/docker/" + ID + "\n"));
    assertThrows(CgroupPaths.CgroupUnavailable.class, () -> CgroupPaths.resolve(root, "0::/docker/" + ID + "\n"));
  }
}
