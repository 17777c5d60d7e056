package dev.pulse.docker;

import dev.pulse.config.DockerHostSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.function.Consumer;

/**
 * Every stats read of the API collector, on Vert.x's own non-blocking HTTP client, over the engine's unix socket (JDK
 * 16+ domain sockets, no native library) or TCP, parsed by {@link StatsParser}: {@code oneshot} sampling's
 * {@code GET /containers/<id>/stats?stream=false&one-shot=true}, and {@code stream} sampling's
 * {@code GET /containers/<id>/stats}, one JSON object a line as the daemon collects them.
 *
 * <p>Why not docker-java here: a one-shot answer waits for the daemon's next collection round (about a second), and
 * docker-java's blocking client holds a worker thread for all of that wait, which capped a node's samples a second at
 * its worker pool, and each sample paid a thread hand-off both ways (BENCHMARKS.md §1). Here a request in flight
 * is a pooled connection and a callback on the poller's own event loop. Everything else (lists, events, streams)
 * stays on docker-java. A stream holds a connection of its own pool, not a thread.
 */
public final class OneShotStatsClient {

  /** Connections to one engine: at most this many one-shot requests wait for the daemon at once. */
  public static final int MAX_IN_FLIGHT = 256;
  /**
   * A one-shot answer waits for a collection round (about a second); one not complete this long is given up, however
   * it trickles, so a poller never waits on a request that cannot complete.
   */
  static final long REQUEST_TIMEOUT_MS = 15_000;
  /** A stats answer is a few kB; a longer one is not a stats answer. */
  static final int MAX_BODY = 1024 * 1024;
  /** Streams open at once to one engine (one per container sampled in {@code stream} mode). */
  public static final int MAX_STREAMS = 1024;
  /**
   * The daemon sends a stream sample every collection round (about a second); a stream with no complete sample for
   * this long, silent or trickling, is ended (the poller backs off and opens a new one).
   */
  static final long STREAM_SAMPLE_MS = 15_000;

  private final Vertx vertx;
  private final HttpClient http;
  private final HttpClient streams;
  private final SocketAddress server;
  private final String authority;

  private OneShotStatsClient(Vertx vertx, HttpClient http, HttpClient streams, SocketAddress server, String authority) {
    this.vertx = vertx;
    this.http = http;
    this.streams = streams;
    this.server = server;
    this.authority = authority;
  }

  /**
   * How often a pool looks for connections idle past their keep-alive, to close them. Vert.x's default period woke an
   * event loop for each of the two pools of every host, even under the cgroup collector, which sends nothing here
   * (BENCHMARKS.md §5, session 13); an idle connection to the engine may live this much longer.
   */
  static final int POOL_CLEANER_MS = 10_000;

  public static OneShotStatsClient create(Vertx vertx, DockerHostSpec spec) {
    SocketAddress server;
    String authority;
    if (spec.url().startsWith("unix://")) {
      server = SocketAddress.domainSocketAddress(spec.url().substring("unix://".length()));
      authority = "docker"; // HTTP/1.1 needs a Host; the engine ignores it on its socket
    } else {
      URI uri = URI.create(spec.url());
      server = SocketAddress.inetSocketAddress(uri.getPort() < 0 ? 2375 : uri.getPort(), uri.getHost());
      authority = uri.getHost();
    }
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000)
        .setMaxInitialLineLength(4096).setMaxHeaderSize(16 * 1024);
    HttpClient http = vertx.createHttpClient(options, pool(MAX_IN_FLIGHT));
    HttpClient streams = vertx.createHttpClient(options, pool(MAX_STREAMS));
    return new OneShotStatsClient(vertx, http, streams, server, authority);
  }

  static PoolOptions pool(int maxSize) {
    return new PoolOptions().setHttp1MaxSize(maxSize).setCleanerPeriod(POOL_CLEANER_MS);
  }

  /**
   * One sample; fails with {@link DockerGateway.NoSuchContainer} for a container the engine does not know. Without a
   * version prefix the engine applies its newest API version, which is at least 1.41 wherever one-shot exists.
   */
  public Future<StatsSnapshot> oneShot(String id) {
    if (Vertx.currentContext() != null) return request(id);
    // Called off any Vert.x thread, the request/response chain raced the event loop holding a pooled connection:
    // now and then a cold JVM never saw the reply. Pollers call from their event loop; anyone else is moved onto one.
    Promise<StatsSnapshot> result = Promise.promise();
    vertx.runOnContext(v -> request(id).onComplete(result));
    return result.future();
  }

  private Future<StatsSnapshot> request(String id) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setServer(server).setHost(authority)
        .setURI("/containers/" + id + "/stats?stream=false&one-shot=true").setIdleTimeout(REQUEST_TIMEOUT_MS);
    Promise<StatsSnapshot> result = Promise.promise();
    http.request(request).onFailure(result::tryFail).onSuccess(req -> {
      long deadline = vertx.setTimer(REQUEST_TIMEOUT_MS, t -> {
        if (result.tryFail("stats of " + id + ": no complete answer within " + REQUEST_TIMEOUT_MS + " ms")) {
          req.reset();
        }
      });
      result.future().onComplete(ar -> vertx.cancelTimer(deadline));
      req.send().onFailure(result::tryFail).onSuccess(response -> readCapped(id, req, response, result));
    });
    return result.future();
  }

  /** Reads the body up to {@link #MAX_BODY} bytes; past that the connection is reset and the sample fails. */
  static void readCapped(String id, HttpClientRequest req, HttpClientResponse response,
      Promise<StatsSnapshot> result) {
    String length = response.getHeader("Content-Length");
    if (length != null && (!length.strip().matches("[0-9]{1,9}") || Integer.parseInt(length.strip()) > MAX_BODY)) {
      tooLarge(id, req, result);
      return;
    }
    Buffer body = Buffer.buffer();
    response.exceptionHandler(result::tryFail);
    response.handler(chunk -> {
      if (result.future().isComplete()) return;
      if (body.length() + chunk.length() > MAX_BODY) tooLarge(id, req, result);
      else body.appendBuffer(chunk);
    });
    response.endHandler(v -> {
      if (result.future().isComplete()) return;
      try {
        result.tryComplete(read(id, response, body.getBytes()));
      } catch (RuntimeException e) {
        result.tryFail(e);
      }
    });
  }

  private static void tooLarge(String id, HttpClientRequest req, Promise<StatsSnapshot> result) {
    result.tryFail("stats of " + id + ": answer larger than " + MAX_BODY + " bytes");
    req.reset();
  }

  private static StatsSnapshot read(String id, HttpClientResponse response, byte[] body) {
    int status = response.statusCode();
    if (status == 404) throw new DockerGateway.NoSuchContainer(id);
    if (status != 200) {
      throw new IllegalStateException("stats of " + id + " answered HTTP " + status + ": " + preview(body));
    }
    try {
      return StatsParser.parse(body);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("stats of " + id + ": unreadable answer: " + preview(body));
    }
  }

  static String preview(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 120), java.nio.charset.StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "(empty)" : text;
  }

  /**
   * A stats stream: each sample as the engine sends it, on the caller's context (an event loop), never blocking.
   * {@code onEnd} is called once: null when the engine ended the stream (the container stopped), else the failure
   * ({@link DockerGateway.NoSuchContainer}, a sample over {@link #MAX_BODY} bytes or not complete within
   * {@link #STREAM_SAMPLE_MS}, an unreadable sample, a lost connection). Closing the result ends it without a call.
   */
  public Closeable stream(String id, Consumer<StatsSnapshot> onSample, Consumer<Throwable> onEnd) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setServer(server).setHost(authority)
        .setURI("/containers/" + id + "/stats?stream=true").setIdleTimeout(STREAM_SAMPLE_MS);
    StatsStream s = new StatsStream(vertx, streams, options, vertx.getOrCreateContext(), id, onSample, onEnd);
    if (Vertx.currentContext() == s.ctx) s.open();
    else s.ctx.runOnContext(v -> s.open());
    return s;
  }

  public Future<Void> close() {
    return Future.join(http.close(), streams.close()).mapEmpty();
  }
}
