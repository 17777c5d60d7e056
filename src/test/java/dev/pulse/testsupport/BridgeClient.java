package dev.pulse.testsupport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A browser's view of the bridge without a browser: the event-bus frames over SockJS's raw WebSocket transport
 * ({@code /eventbus/websocket}), or over its xhr-streaming or xhr-polling transports, on a real socket.
 */
public final class BridgeClient implements AutoCloseable {

  /** One SockJS transport: how frames go out, whether the server closed it, how to hang up. */
  private interface Transport {
    void send(String text);

    boolean closed();

    void close();
  }

  private final Transport socket;
  private final LinkedBlockingQueue<JsonObject> frames;
  private final List<JsonObject> seen = new ArrayList<>();

  private BridgeClient(Transport socket, LinkedBlockingQueue<JsonObject> frames) {
    this.socket = socket;
    this.frames = frames;
  }

  public static BridgeClient connect(int port) {
    return connect(port, null);
  }

  /** Connects carrying {@code cookie} (e.g. {@code pulse_session=...}) on the opening request, as a browser would. */
  public static BridgeClient connect(int port, String cookie) {
    return connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket"), cookie, null);
  }

  /** A WebSocket to {@code uri} (any SockJS WebSocket path) with an optional cookie and {@code Origin}. */
  public static BridgeClient connect(URI uri, String cookie, String origin) {
    LinkedBlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (cookie != null) builder.header("Cookie", cookie);
    if (origin != null) builder.header("Origin", origin);
    WebSocket ws = builder
        .buildAsync(uri, new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              String text = partial.toString();
              partial.setLength(0);
              // the SockJS-framed WebSocket path wraps frames as the xhr transports do; the raw one sends them bare
              if (text.startsWith("{")) queue.add(new JsonObject(text));
              else if (text.startsWith("a[")) addSockJsFrames(queue, text);
            }
            webSocket.request(1);
            return null;
          }

          // the raw WebSocket transport of Vert.x's SockJS sends the bridge's frames as binary messages
          @Override
          public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            return onText(webSocket, new String(bytes, java.nio.charset.StandardCharsets.UTF_8), last);
          }
        }).join();
    boolean sockJsFramed = !uri.getPath().endsWith("/eventbus/websocket");
    return new BridgeClient(new Transport() {
      @Override
      public void send(String text) {
        ws.sendText(sockJsFramed ? new JsonArray().add(text).encode() : text, true).join();
      }

      @Override
      public boolean closed() {
        return ws.isInputClosed();
      }

      @Override
      public void close() {
        try {
          ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          ws.abort();
        }
      }
    }, queue);
  }

  /** {@code a["frame", ...]} → each frame. */
  private static void addSockJsFrames(LinkedBlockingQueue<JsonObject> queue, String line) {
    for (Object f : new JsonArray(line.substring(1))) queue.add(new JsonObject((String) f));
  }

  /**
   * SockJS's xhr-streaming ({@code streaming}) or xhr-polling transport: one long-lived (or repeated) POST to
   * {@code /eventbus/<server>/<session>/xhr_streaming|xhr}, frames sent with {@code xhr_send}.
   */
  public static BridgeClient connectXhr(int port, String cookie, boolean streaming) {
    LinkedBlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
    String base = "http://127.0.0.1:" + port + "/eventbus/000/" + UUID.randomUUID().toString().replace("-", "") + "/";
    // a fresh connection for every request: SockJS may close an xhr connection after answering
    java.util.function.Supplier<HttpClient> fresh = () -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    java.util.function.Function<String, HttpRequest> post = path -> {
      HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody());
      if (cookie != null) r.header("Cookie", cookie);
      return r.build();
    };
    CountDownLatch opened = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicBoolean hungUp = new java.util.concurrent.atomic.AtomicBoolean();
    // true when the connection said goodbye (c frame) or broke
    java.util.function.Predicate<String> line = l -> {
      if (l.equals("o")) opened.countDown();
      else if (l.startsWith("a[")) addSockJsFrames(queue, l);
      else if (l.startsWith("c[")) {
        opened.countDown();
        closed.set(true);
        return true;
      }
      return false;
    };
    Thread reader = new Thread(() -> {
      try {
        do {
          HttpResponse<java.util.stream.Stream<String>> r = fresh.get().send(post.apply(streaming ? "xhr_streaming" : "xhr"),
              HttpResponse.BodyHandlers.ofLines());
          if (r.statusCode() != 200) break;
          if (r.body().anyMatch(line)) break;
        } while (!streaming && !hungUp.get());
      } catch (Exception e) {
        // the connection broke: as closed as a goodbye
      }
      closed.set(true);
      opened.countDown();
    }, "sockjs-" + (streaming ? "xhr-streaming" : "xhr-polling"));
    reader.setDaemon(true);
    reader.start();
    try {
      if (!opened.await(10, TimeUnit.SECONDS)) throw new AssertionError("SockJS session did not open");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return new BridgeClient(new Transport() {
      @Override
      public void send(String text) {
        try {
          HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + "xhr_send"))
              .POST(HttpRequest.BodyPublishers.ofString(new JsonArray().add(text).encode()));
          if (cookie != null) r.header("Cookie", cookie);
          fresh.get().send(r.build(), HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public boolean closed() {
        return closed.get();
      }

      @Override
      public void close() {
        hungUp.set(true);
        reader.interrupt();
      }
    }, queue);
  }

  /** Sends a raw frame as text (may be deliberately malformed). */
  public void sendRaw(String text) {
    socket.send(text);
  }

  /** Whether the server closed this socket (or it broke). */
  public boolean closedByServer() {
    return socket.closed();
  }

  public void send(JsonObject frame) {
    sendRaw(frame.encode());
  }

  /** Request/reply on {@code pulse.command}; returns the reply frame ({@code rec} or {@code err}). */
  public JsonObject command(String action, JsonObject args) {
    JsonObject body = new JsonObject().put("Action", action);
    if (args != null) body.put("Args", args);
    return request("pulse.command", body);
  }

  public JsonObject request(String address, Object body) {
    String reply = UUID.randomUUID().toString(); // the bridge refuses reply addresses over 36 chars
    send(new JsonObject().put("type", "send").put("address", address).put("body", body).put("replyAddress", reply)
        .put("headers", new JsonObject()));
    return await(f -> reply.equals(f.getString("address")), Duration.ofSeconds(20));
  }

  public void register(String address) {
    send(new JsonObject().put("type", "register").put("address", address).put("headers", new JsonObject()));
  }

  public void unregister(String address) {
    send(new JsonObject().put("type", "unregister").put("address", address).put("headers", new JsonObject()));
  }

  public void ping() {
    send(new JsonObject().put("type", "ping"));
  }

  /** The next frame (received or already buffered and not yet consumed) matching {@code which}. */
  public JsonObject await(Predicate<JsonObject> which, Duration timeout) {
    synchronized (seen) {
      for (int i = 0; i < seen.size(); i++) {
        if (which.test(seen.get(i))) return seen.remove(i);
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject f = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
        if (f == null) throw new AssertionError("no matching bridge frame within " + timeout.toMillis() + " ms");
        if (which.test(f)) return f;
        synchronized (seen) {
          seen.add(f);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next push on {@code address}. */
  public JsonObject awaitPush(String address, Duration timeout) {
    return await(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address")), timeout);
  }

  /** Every frame received and not yet consumed, oldest first; consumes them. */
  public List<JsonObject> takeAll() {
    synchronized (seen) {
      List<JsonObject> all = new ArrayList<>(seen);
      seen.clear();
      frames.drainTo(all);
      return all;
    }
  }

  /** Drops every buffered frame. */
  public void drain() {
    frames.clear();
    synchronized (seen) {
      seen.clear();
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
