package dev.pulse.testsupport;

import dev.pulse.Pulse;
import dev.pulse.config.DockerHostSpec;
import dev.pulse.config.PulseConfig;
import dev.pulse.docker.DockerGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A Pulse node in this JVM on a free loopback port, with a plain JDK HTTP client for its REST API. */
public final class PulseTestServer implements AutoCloseable {

  private final Vertx vertx;
  private final Pulse pulse;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private PulseTestServer(Vertx vertx, Pulse pulse) {
    this.vertx = vertx;
    this.pulse = pulse;
  }

  /** Test defaults: loopback, free port, 1 s interval, short linger. */
  public static PulseConfig config(String dockerUrl) {
    return PulseConfig.defaults().withHttp("127.0.0.1", 0).withPollIntervalMs(1000).withLingerMs(1500)
        .withIdleTimeoutMs(60_000).withDockerHosts(java.util.List.of(new DockerHostSpec("local", dockerUrl)));
  }

  /** The same, reading from the Docker Engine API instead of the cgroup files. */
  public static PulseConfig apiConfig(String dockerUrl) {
    PulseConfig c = config(dockerUrl);
    return c.withCollector(c.collector().withMode(dev.pulse.config.CollectorConfig.Mode.API));
  }

  public static PulseTestServer start(PulseConfig config) {
    Vertx vertx = Vertx.vertx();
    return new PulseTestServer(vertx, await(Pulse.start(vertx, config)));
  }

  public static PulseTestServer start(PulseConfig config, Function<DockerHostSpec, DockerGateway> gateways) {
    Vertx vertx = Vertx.vertx();
    return new PulseTestServer(vertx, await(Pulse.start(vertx, config, gateways)));
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return pulse.httpPort();
  }

  public Pulse pulse() {
    return pulse;
  }

  public String base() {
    return "http://127.0.0.1:" + port();
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
  }

  public Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""),
          r.headers().firstValue("Set-Cookie").orElse(""));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public JsonObject status() {
    return get("/api/status").json();
  }

  /** A REST answer. */
  public record Reply(int status, String body, String contentType, String setCookie) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  @Override
  public void close() {
    try {
      await(pulse.stop());
    } finally {
      await(vertx.close());
    }
  }
}
