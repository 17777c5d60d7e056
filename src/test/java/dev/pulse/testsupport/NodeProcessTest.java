package dev.pulse.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ports tests hand to the nodes they launch. Failed before the fix: {@code freePort()} returned an ephemeral port
 * (bound to 0, then closed), which the kernel could give to any outgoing connection or port-0 listener (another node's
 * Hazelcast connecting out, the event bus) before the node bound it: ClusterTest failed once in CI with "Port [39469]
 * is already in use".
 */
class NodeProcessTest {

  @Test
  void freePortsLieOutsideTheKernelsEphemeralRange() throws Exception {
    String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+");
    int low = Integer.parseInt(range[0]);
    int high = Integer.parseInt(range[1]);
    for (int i = 0; i < 50; i++) {
      int port = NodeProcess.freePort();
      assertTrue(port < low || port > high, port + " is in the ephemeral range " + low + "-" + high);
    }
  }

  @Test
  void freePortsAreDistinctAndBindable() throws Exception {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      int port = NodeProcess.freePort();
      assertTrue(seen.add(port), "handed out twice: " + port);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertEquals(port, s.getLocalPort());
      }
    }
  }
}
