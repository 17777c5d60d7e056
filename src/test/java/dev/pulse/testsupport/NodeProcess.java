package dev.pulse.testsupport;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A Pulse node in its own JVM ({@code dev.pulse.Main} on this test run's class path), as an operator starts it. */
public final class NodeProcess implements AutoCloseable {

  /** Below the kernel's ephemeral range (32768 up on Linux), so no outgoing connection or port-0 bind takes it. */
  private static final int PORTS_LOW = 20_000;
  private static final int PORTS_HIGH = 32_000;
  /** A random start per test JVM, so forks running side by side rarely try the same ports. */
  private static final AtomicInteger NEXT_PORT =
      new AtomicInteger(PORTS_LOW + ThreadLocalRandom.current().nextInt(PORTS_HIGH - PORTS_LOW));

  private final String name;
  private final Map<String, String> env;
  private final Path log;
  private final int httpPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private Process process;

  private NodeProcess(String name, int httpPort, Map<String, String> env) throws IOException {
    this.name = name;
    this.httpPort = httpPort;
    this.env = env;
    this.log = Files.createTempFile("pulse-" + name + "-", ".log");
  }

  /**
   * A port for a node to listen on, outside the ephemeral range: a port the kernel handed out for a bind to 0 and got
   * back could be given to any other socket (a node's Hazelcast connecting out) before the node binds it.
   */
  public static int freePort() {
    for (int tries = 0; tries < PORTS_HIGH - PORTS_LOW; tries++) {
      int port = PORTS_LOW + Math.floorMod(NEXT_PORT.getAndIncrement() - PORTS_LOW, PORTS_HIGH - PORTS_LOW);
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", port));
        return port;
      } catch (IOException inUse) {
        // taken: try the next one
      }
    }
    throw new UncheckedIOException(new IOException("no free port in " + PORTS_LOW + "-" + PORTS_HIGH));
  }

  /** The environment of a node clustered over Hazelcast on 127.0.0.1 with {@code members}, owning {@code hosts}. */
  public static Map<String, String> clusterEnv(int clusterPort, String members, String hosts) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("PULSE_CLUSTER", "true");
    env.put("PULSE_CLUSTER_HOST", "127.0.0.1");
    env.put("PULSE_CLUSTER_PORT", String.valueOf(clusterPort));
    env.put("PULSE_CLUSTER_MEMBERS", members);
    env.put("PULSE_DOCKER_HOSTS", hosts);
    return env;
  }

  /** Launches the node; {@code env} adds to (and overrides) this JVM's environment. */
  public static NodeProcess launch(String name, int httpPort, Map<String, String> env) {
    try {
      NodeProcess node = new NodeProcess(name, httpPort, env);
      node.start();
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void start() throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.pulse.Main"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // history in memory unless the test names a data directory: nothing is written into the repository
    pb.environment().put("PULSE_DATA_DIR", "");
    pb.environment().putAll(env);
    pb.environment().put("PULSE_HTTP_HOST", "127.0.0.1");
    pb.environment().put("PULSE_HTTP_PORT", String.valueOf(httpPort));
    pb.environment().put("PULSE_NODE_ID", name);
    process = pb.start();
  }

  /** Waits until {@code /health} answers; fails with the node's log when it exits instead. */
  public NodeProcess awaitHealthy(Duration timeout) {
    Await.until(name + " healthy (log: " + log + ")", timeout, () -> {
      if (!process.isAlive()) throw new AssertionError(name + " exited " + process.exitValue() + ":\n" + output());
      return get("/health").statusCode() == 200;
    });
    return this;
  }

  public HttpResponse<String> get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return new FailedResponse(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public JsonObject json(String path) {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) throw new AssertionError(name + " GET " + path + " → " + r.statusCode() + " " + r.body());
    return new JsonObject(r.body());
  }

  public int port() {
    return httpPort;
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Waits for the process to exit by itself; returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw new AssertionError(name + " still running");
    return process.exitValue();
  }

  /** kill -9: no shutdown hook, no goodbye to the cluster. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A connection failure as a response with status 0, so polling loops can treat it as "not yet". */
  private record FailedResponse(IOException error) implements HttpResponse<String> {
    public int statusCode() {
      return 0;
    }

    public HttpRequest request() {
      return null;
    }

    public java.util.Optional<HttpResponse<String>> previousResponse() {
      return java.util.Optional.empty();
    }

    public java.net.http.HttpHeaders headers() {
      return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
    }

    public String body() {
      return error.toString();
    }

    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return java.util.Optional.empty();
    }

    public URI uri() {
      return null;
    }

    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
