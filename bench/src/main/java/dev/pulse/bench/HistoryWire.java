package dev.pulse.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark 3b: one full backfill ({@code From} 0) of a container holding {@code PULSE_BUFFER_SIZE} points, four
 * ways: REST without and with {@code Accept-Encoding: gzip}, and the bridge's {@code container.metrics} reply over a
 * raw SockJS WebSocket without and with permessage-deflate (browsers offer it). Time = request written until the
 * last byte of the answer arrived, on 127.0.0.1, measured by this client ({@code warm} unmeasured requests first,
 * the very first one reported as "cold"). Bytes = what the server sent on the TCP connection for one answer
 * (headers and WebSocket framing included), counted by a byte-counting relay on 127.0.0.1 in front of the server.
 *
 * <p>Args: port containerId reps warm [from] [ways]; ways "bridge" skips REST (bench/history.py times REST itself
 * with a plain keep-alive socket). Prints one JSON line.
 */
public final class HistoryWire {

  static Vertx vertx;
  static long from;

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String id = args[1];
    int reps = Integer.parseInt(args[2]);
    int warm = Integer.parseInt(args[3]);
    from = args.length > 4 ? Long.parseLong(args[4]) : 0;
    vertx = Vertx.vertx();
    AtomicLong down = new AtomicLong();
    int relay = startRelay(port, down);

    String path = "/api/hosts/local/containers/" + id + "/metrics?from=" + from;
    JsonObject out = new JsonObject();
    try {
      if (args.length <= 5 || args[5].contains("rest")) { // history.py measures REST itself (plain sockets)
        out.put("rest_identity", rest(port, relay, down, path, false, reps, warm));
        out.put("rest_gzip", rest(port, relay, down, path, true, reps, warm));
      }
      out.put("bridge", bridge(port, relay, down, id, false, reps, warm));
      out.put("bridge_deflate", bridge(port, relay, down, id, true, reps, warm));
      System.out.println(out.encode());
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  /** 127.0.0.1 relay to the server that counts the bytes the server sends. */
  static int startRelay(int target, AtomicLong down) throws Exception {
    NetClient nc = vertx.createNetClient();
    NetServer server = vertx.createNetServer().connectHandler(client -> {
      client.pause();
      nc.connect(target, "127.0.0.1").onSuccess(upstream -> {
        upstream.handler(b -> {
          down.addAndGet(b.length());
          client.write(b);
        });
        client.handler(upstream::write);
        client.closeHandler(v -> upstream.close());
        upstream.closeHandler(v -> client.close());
        client.resume();
      }).onFailure(e -> client.close());
    });
    return await(server.listen(0, "127.0.0.1")).actualPort();
  }

  static JsonObject rest(int port, int relay, AtomicLong down, String path, boolean gzip, int reps, int warm)
      throws Exception {
    HttpClient direct = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
    List<Long> times = new ArrayList<>();
    long cold = -1;
    int points = -1;
    long body = -1;
    String encoding = null;
    for (int i = 0; i < warm + reps; i++) {
      long t0 = System.nanoTime();
      Object[] r = get(direct, port, path, gzip);
      long dt = System.nanoTime() - t0;
      if (i == 0) cold = dt;
      if (i >= warm) times.add(dt);
      body = ((Buffer) r[0]).length();
      encoding = (String) r[1];
      byte[] raw = ((Buffer) r[0]).getBytes();
      if ("gzip".equals(encoding)) {
        raw = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw)).readAllBytes();
      }
      points = Buffer.buffer(raw).toJsonObject().getJsonObject("Metrics").getJsonArray("seq").size();
    }
    await(direct.close());
    // bytes on the wire, through the counting relay (one warm-up, then one counted request)
    HttpClient relayed = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
    Long wire = null; // history.py also counts the REST bytes itself, on a plain socket
    try {
      get(relayed, relay, path, gzip);
      long before = down.get();
      get(relayed, relay, path, gzip);
      wire = down.get() - before;
    } catch (Exception e) {
      System.err.println("relay: " + e);
    }
    relayed.close();
    return new JsonObject().put("points", points).put("body_bytes", body).put("content_encoding", encoding)
        .put("wire_bytes", wire).put("cold_ms", cold / 1e6).put("ms", FanoutClient.stats(times));
  }

  static Object[] get(HttpClient c, int port, String path, boolean gzip) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(path);
    if (gzip) o.addHeader("Accept-Encoding", "gzip");
    AtomicReference<String> enc = new AtomicReference<>();
    Buffer b = await(c.request(o).compose(req -> req.send()).compose(resp -> {
      if (resp.statusCode() != 200) return Future.failedFuture("HTTP " + resp.statusCode());
      enc.set(resp.getHeader("Content-Encoding"));
      return resp.body();
    }));
    return new Object[] {b, enc.get()};
  }

  static JsonObject bridge(int port, int relay, AtomicLong down, String id, boolean deflate, int reps, int warm)
      throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024)
        .setTryUsePerMessageCompression(deflate));
    List<Long> times = new ArrayList<>();
    long cold = -1;
    int points = -1;
    long payload = -1;
    WebSocket ws = connect(client, port);
    try {
      for (int i = 0; i < warm + reps; i++) {
        if (i > 0 && i % 40 == 0) { // stay clear of the per-socket frame rate limit
          ws.close();
          ws = connect(client, port);
        }
        long t0 = System.nanoTime();
        Buffer reply = request(ws, id);
        long dt = System.nanoTime() - t0;
        if (i == 0) cold = dt;
        if (i >= warm) times.add(dt);
        payload = reply.length();
        JsonObject frame = reply.toJsonObject();
        if (!"rec".equals(frame.getString("type"))) throw new IllegalStateException("bridge answered " + frame);
        points = frame.getJsonObject("body").getJsonObject("Metrics").getJsonArray("seq").size();
        Thread.sleep(25);
      }
    } catch (Exception e) {
      await(client.close());
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      return new JsonObject().put("error", String.valueOf(cause.getMessage())).put("permessage_deflate", deflate);
    }
    ws.close();
    WebSocket counted = connect(client, relay);
    request(counted, id);
    long before = down.get();
    request(counted, id);
    long wire = down.get() - before;
    counted.close();
    await(client.close());
    return new JsonObject().put("points", points).put("payload_bytes", payload).put("permessage_deflate", deflate)
        .put("wire_bytes", wire).put("cold_ms", cold / 1e6).put("ms", FanoutClient.stats(times));
  }

  static final AtomicReference<Promise<Buffer>> pending = new AtomicReference<>();
  static final AtomicReference<WebSocket> current = new AtomicReference<>();

  static WebSocket connect(WebSocketClient client, int port) throws Exception {
    WebSocket ws = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/eventbus/websocket")));
    ws.binaryMessageHandler(HistoryWire::onMessage);
    current.set(ws);
    ws.closeHandler(v -> {
      // a socket this client closed itself to open the next one is not the one a request waits on
      if (current.get() != ws) return;
      Promise<Buffer> p = pending.getAndSet(null);
      if (p != null) {
        p.tryFail("the server closed the socket instead of replying (close status " + ws.closeStatusCode() + " "
            + ws.closeReason() + ")");
      }
    });
    ws.textMessageHandler(t -> onMessage(Buffer.buffer(t)));
    return ws;
  }

  static void onMessage(Buffer b) {
    Promise<Buffer> p = pending.getAndSet(null);
    if (p != null) p.tryComplete(b);
  }

  static Buffer request(WebSocket ws, String id) throws Exception {
    Promise<Buffer> p = Promise.promise();
    pending.set(p);
    String reply = UUID.randomUUID().toString();
    ws.writeTextMessage(new JsonObject().put("type", "send").put("address", "pulse.command")
        .put("body", new JsonObject().put("Action", "container.metrics")
            .put("Args", new JsonObject().put("Host", "local").put("Id", id).put("From", from)))
        .put("replyAddress", reply).put("headers", new JsonObject()).encode());
    return p.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
