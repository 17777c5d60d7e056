package dev.pulse.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.testsupport.Await;
import dev.pulse.testsupport.NodeProcess;
import dev.pulse.testsupport.SecondEngine;
import dev.pulse.testsupport.TestDocker;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The log an operator reads, from a Pulse JVM started as an operator starts it. Before Logback, the node printed one
 * line and vert.x-web logged a stack trace per reset bridge socket on stderr.
 */
@Timeout(240)
class OperatorLogTest {

  private static final Duration START = Duration.ofSeconds(60);

  @Test
  void startUpOutageAndResetSocketsAsAnOperatorReadsThem() throws Exception {
    try (SecondEngine engine = SecondEngine.start(); TestDocker docker = TestDocker.require(engine.url())) {
      int port = NodeProcess.freePort();
      try (NodeProcess node = NodeProcess.launch("logs", port, Map.of("PULSE_DOCKER_HOSTS", "second=" + engine.url(),
          "PULSE_POLL_INTERVAL_MS", "1000", "PULSE_LOG_FORMAT", "text"))) {
        node.awaitHealthy(START);
        Await.until("the host available line", Duration.ofSeconds(30),
            () -> node.output().contains("host second available: engine "));
        String out = node.output();
        assertTrue(out.matches("(?s).*INFO .*Pulse \\S+ starting: node logs, Java .*"), out);
        assertTrue(out.contains("listening on http://127.0.0.1:" + port + "/ (authentication off"), out);
        assertTrue(out.contains("Docker host second at " + engine.url() + ": sampling"), out);
        assertTrue(out.matches("(?s).*Docker host second: collector (cgroup|api).*"), "the host's collector: " + out);
        assertTrue(out.contains("not clustered"), out);

        for (int i = 0; i < 200; i++) resetBridgeSocket(port, i % 3);
        Await.until("every reset socket closed", Duration.ofSeconds(30),
            () -> node.json("/api/status").getInteger("Sessions") == 0);
        // a last ordinary request: every socket's error has been handled (and logged, if at all) before it is answered
        assertEquals(0, node.json("/api/status").getInteger("Sessions"));
        String afterResets = node.output();
        assertFalse(afterResets.contains("\tat "), "no stack trace:\n" + afterResets);
        assertFalse(afterResets.contains("Exception"), "no exception:\n" + afterResets);

        engine.down();
        Await.until("the host outage line", Duration.ofSeconds(30),
            () -> node.output().matches("(?s).*WARN .*host second unavailable: \\S.*"));
      }
    }
  }

  @Test
  void jsonLinesLoginFailuresWithoutTheSecret() throws Exception {
    int port = NodeProcess.freePort();
    String secret = "s3cret-" + ThreadLocalRandom.current().nextInt(1_000_000);
    try (NodeProcess node = NodeProcess.launch("jsonlogs", port, Map.of("PULSE_LOG_FORMAT", "json",
        "PULSE_AUTH_SECRET", secret))) {
      node.awaitHealthy(START);
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/login"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"Password\":\"wrong-" + secret + "\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, r.statusCode());
      Await.until("the login failure line", Duration.ofSeconds(10),
          () -> node.output().contains("login failed from 127.0.0.1"));
      String out = node.output();
      assertFalse(out.contains(secret), "neither the secret nor the attempt is logged");
      for (String line : out.split("\n")) {
        if (line.isBlank()) continue;
        JsonObject json = new JsonObject(line); // every line is one JSON object
        assertTrue(json.containsKey("level") && json.containsKey("formattedMessage") && json.containsKey("timestamp"), line);
      }
      assertTrue(out.contains("\"level\":\"INFO\"") && out.contains("authentication on"), out);
    }
  }

  @Test
  void aBadLevelStopsStartUpNamingTheKey() throws Exception {
    try (NodeProcess node = NodeProcess.launch("badlevel", NodeProcess.freePort(),
        Map.of("PULSE_LOG_LEVEL", "loud"))) {
      assertEquals(1, node.awaitExit(Duration.ofSeconds(60)));
      assertTrue(node.output().contains("pulse: PULSE_LOG_LEVEL (logLevel) must be one of error, warn, info, debug, "
          + "trace (got 'loud')"), node.output());
    }
  }

  /**
   * A client's garbage frames cost the log nothing: vert.x-web's bridge logged each frame of an unknown type at ERROR
   * with the whole frame in it (up to the WebSocket frame size, any number a second, before any login or rate limit
   * applies), so one socket could fill the disk and forge lines. Failed before ExpectedClientFaults dropped them.
   */
  @Test
  void garbageFramesDoNotReachTheLog() throws Exception {
    int port = NodeProcess.freePort();
    try (NodeProcess node = NodeProcess.launch("garbage", port,
        Map.of("PULSE_DOCKER_HOSTS", "local=unix:///nonexistent/docker.sock", "PULSE_LOG_FORMAT", "text"))) {
      node.awaitHealthy(START);
      int before = node.output().length();
      try (Socket s = openBridgeWebSocket(port)) {
        OutputStream out = s.getOutputStream();
        String big = "x".repeat(8_000);
        for (int i = 0; i < 200; i++) {
          String type = i % 2 == 0 ? big : "forged\\nERROR pulse - FORGED LINE " + i;
          out.write(maskedFrame(0x1, "{\"type\":\"" + type + "\",\"address\":\"pulse.command\"}"));
        }
        out.write(maskedFrame(0x1, "{\"type\":\"ping\"}"));
        out.flush();
      }
      // an ordinary request answered after the frames: the server has read them all
      Await.until("the socket closed", Duration.ofSeconds(30), () -> node.json("/api/status").getInteger("Sessions") == 0);
      String added = node.output().substring(before);
      assertFalse(added.contains("FORGED LINE"), "a client's text in the log:\n" + added);
      assertTrue(added.length() < 2_000, added.length() + " characters of log for one client's garbage:\n"
          + added.substring(0, Math.min(added.length(), 1_000)));
    }
  }

  /**
   * Opens the SockJS WebSocket transport, then ends it as a broken client would: a reset, a frame that is not a
   * bridge frame, or a frame Netty cannot decode (reserved opcode), each followed by a reset (RST, SO_LINGER 0).
   */
  private static void resetBridgeSocket(int port, int kind) throws IOException {
    try (Socket s = openBridgeWebSocket(port)) {
      OutputStream out = s.getOutputStream();
      if (kind == 1) out.write(maskedFrame(0x1, "this is not a bridge frame"));
      if (kind == 2) out.write(maskedFrame(0x3, "reserved opcode"));
      out.flush();
      s.setSoLinger(true, 0);
    }
  }

  /** A raw socket past the WebSocket handshake of the bridge's raw transport. */
  private static Socket openBridgeWebSocket(int port) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      byte[] key = new byte[16];
      ThreadLocalRandom.current().nextBytes(key);
      out.write(("GET /eventbus/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = readHead(s.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      return s;
    } catch (IOException | RuntimeException | Error e) {
      s.close();
      throw e;
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) break;
      sb.append((char) c);
    }
    return sb.toString();
  }

  private static byte[] maskedFrame(int opcode, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    int head = payload.length < 126 ? 2 : 4; // 16-bit extended length up to 64 KiB
    byte[] frame = new byte[head + 4 + payload.length];
    frame[0] = (byte) (0x80 | opcode);
    if (head == 2) {
      frame[1] = (byte) (0x80 | payload.length);
    } else {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (payload.length >>> 8);
      frame[3] = (byte) payload.length;
    }
    System.arraycopy(mask, 0, frame, head, 4);
    for (int i = 0; i < payload.length; i++) frame[head + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
    return frame;
  }
}
