package dev.pulse.testsupport;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A browser's view of the bridge without a browser: the event-bus frames over SockJS's raw WebSocket transport
 * ({@code /eventbus/websocket}), on a real socket.
 */
public final class BridgeClient implements AutoCloseable {

  private final WebSocket socket;
  private final LinkedBlockingQueue<JsonObject> frames;
  private final List<JsonObject> seen = new ArrayList<>();

  private BridgeClient(WebSocket socket, LinkedBlockingQueue<JsonObject> frames) {
    this.socket = socket;
    this.frames = frames;
  }

  public static BridgeClient connect(int port) {
    return connect(port, null);
  }

  /** Connects carrying {@code cookie} (e.g. {@code pulse_session=...}) on the opening request, as a browser would. */
  public static BridgeClient connect(int port, String cookie) {
    LinkedBlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (cookie != null) builder.header("Cookie", cookie);
    WebSocket ws = builder
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket"), new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              queue.add(new JsonObject(partial.toString()));
              partial.setLength(0);
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
    return new BridgeClient(ws, queue);
  }

  /** Sends a raw frame as text (may be deliberately malformed). */
  public void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  /** Whether the server closed this socket (or it broke). */
  public boolean closedByServer() {
    return socket.isInputClosed();
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
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      socket.abort();
    }
  }
}
