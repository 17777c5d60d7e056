package dev.pulse.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark 2 client: N SockJS raw-WebSocket bridge sessions on 127.0.0.1, all registered for one container's
 * metrics address. Each push is time-stamped ({@code System.nanoTime()}) as the first thing its handler does; during
 * the window its {@code seq} is read straight from the frame's bytes and kept with the stamp in preallocated arrays, so
 * the window makes no garbage that lives (the default since 2026-11-28, session 12: {@code BENCH_CLIENT_PARSE=scan}; with
 * {@code late}, the frame itself was kept and parsed after the window, and the young collections that copied those
 * frames paused the client long enough to set the p99, BENCHMARKS.md §2, session 12; {@code eager}:
 * at once, in the handler, as before 2026-11-28). Then the receipt times are compared with the publish times the
 * server's probe wrote (see {@link BenchServer}). Runs on the native transport where it loads.
 *
 * <p>Protocol with the orchestrating script: prints {@code connected} when every session has received a push, reads
 * a line on stdin to start the window, prints {@code window-end} after it, reads a line ({@code next}: keep the
 * sockets for another window, which the next line starts; anything else: close them), then prints one JSON line with
 * the window's results.
 *
 * <p>Args: port containerId sessions windowSeconds probeFile
 */
public final class FanoutClient {

  record Receipt(int session, long seq, long nanos) {}

  /** A frame as it arrived during the window: stamped, kept, parsed after the window. */
  record Arrival(int session, Buffer frame, long nanos) {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String id = args[1];
    int sessions = Integer.parseInt(args[2]);
    int windowSeconds = Integer.parseInt(args[3]);
    Path probeFile = Path.of(args[4]);
    String address = "pulse.metrics.local." + id;
    // late (default): during the window a handler only stamps and keeps the frame, so the sockets an event loop
    // handles after it in the same wake-up are not stamped late by its JSON parse; eager: parse in the handler
    String parseMode = System.getenv().getOrDefault("BENCH_CLIENT_PARSE", "scan");
    boolean eager = "eager".equals(parseMode);
    boolean scan = "scan".equals(parseMode);
    // scan: one slot per expected receipt (sessions x a push a second, twice over), written by the event loops
    int capacity = scan ? sessions * (windowSeconds + 5) * 2 : 0;
    int[] slotSession = new int[capacity];
    long[] slotSeq = new long[capacity];
    long[] slotNanos = new long[capacity];
    AtomicInteger slotsTaken = new AtomicInteger();
    AtomicInteger slotsWritten = new AtomicInteger();

    // the native transport where it loads, as the server: the instrument should cost the shared cores least
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(2).setPreferNativeTransport(true)).build();
    String transport = vertx.isNativeTransportEnabled() ? "native" : "nio";
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(sessions + 10).setConnectTimeout(30_000));
    ConcurrentLinkedQueue<Receipt> receipts = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    AtomicBoolean windowOpen = new AtomicBoolean();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    boolean[] gotOne = new boolean[sessions];
    AtomicInteger sessionsWithPush = new AtomicInteger();
    List<WebSocket> sockets = new ArrayList<>();
    String register = new JsonObject().put("type", "register").put("address", address)
        .put("headers", new JsonObject()).encode();
    String ping = "{\"type\":\"ping\"}";

    long t0 = System.nanoTime();
    // connect in waves of 50 so the server's accept queue and session deployment are not flooded
    for (int start = 0; start < sessions; start += 50) {
      List<Future<WebSocket>> wave = new ArrayList<>();
      for (int i = start; i < Math.min(sessions, start + 50); i++) {
        int session = i;
        Promise<WebSocket> p = Promise.promise();
        client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/eventbus/websocket"))
            .onSuccess(ws -> {
              ws.handler(buf -> {
                long now = System.nanoTime();
                if (scan && windowOpen.get()) {
                  long seq = seqOf(buf);
                  if (seq >= 0) {
                    int slot = slotsTaken.getAndIncrement();
                    if (slot < capacity) {
                      slotSession[slot] = session;
                      slotSeq[slot] = seq;
                      slotNanos[slot] = now;
                    }
                    slotsWritten.incrementAndGet();
                    return;
                  }
                } else if (!eager && windowOpen.get()) {
                  arrivals.add(new Arrival(session, buf, now));
                  return;
                }
                JsonObject frame = parse(buf);
                if (frame == null || !"rec".equals(frame.getString("type"))) {
                  if (frame != null && "err".equals(frame.getString("type"))) errors.incrementAndGet();
                  return;
                }
                JsonObject body = frame.getJsonObject("body");
                if (body == null || !address.equals(frame.getString("address"))) return;
                receipts.add(new Receipt(session, body.getLong("seq"), now));
                synchronized (gotOne) {
                  if (!gotOne[session]) {
                    gotOne[session] = true;
                    sessionsWithPush.incrementAndGet();
                  }
                }
              });
              ws.closeHandler(v -> closed.incrementAndGet());
              ws.writeTextMessage(register);
              p.complete(ws);
            })
            .onFailure(p::fail);
        wave.add(p.future());
      }
      for (Future<WebSocket> f : wave) {
        sockets.add(f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
      }
    }
    long connectMs = (System.nanoTime() - t0) / 1_000_000;
    // SockJS drops a socket that has been silent for 30 s. All sockets at once every 5 s; BENCH_CLIENT_PING=spread
    // spreads them over the 5 s, as many browsers' are (it did not lower the tail and costs the client more CPU)
    boolean spreadPings = "spread".equals(System.getenv("BENCH_CLIENT_PING"));
    if (!spreadPings) {
      vertx.setPeriodic(5_000, t -> sockets.forEach(ws -> {
        if (!ws.isClosed()) ws.writeTextMessage(ping);
      }));
    } else {
      for (int i = 0; i < sockets.size(); i++) {
        WebSocket ws = sockets.get(i);
        vertx.setPeriodic(1 + 5_000L * i / sockets.size(), 5_000, t -> {
          if (!ws.isClosed()) ws.writeTextMessage(ping);
        });
      }
    }
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (sessionsWithPush.get() < sessions && System.nanoTime() < waitUntil) Thread.sleep(100);
    System.out.println("connected " + sessions + " sessions in " + connectMs + " ms; " + sessionsWithPush.get()
        + " have received a push; client transport " + transport);
    System.out.flush();

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    while (true) {
      in.readLine();
      receipts.clear();
      arrivals.clear();
      slotsTaken.set(0);
      slotsWritten.set(0);
      long windowStart = System.nanoTime();
      windowOpen.set(true);
      Thread.sleep(windowSeconds * 1000L);
      windowOpen.set(false);
      long windowEnd = System.nanoTime();
      while (slotsWritten.get() != slotsTaken.get()) Thread.onSpinWait(); // a handler between its two counts
      List<Receipt> got = new ArrayList<>(receipts);
      for (int i = 0; i < Math.min(capacity, slotsTaken.get()); i++) {
        got.add(new Receipt(slotSession[i], slotSeq[i], slotNanos[i]));
      }
      if (slotsTaken.get() > capacity) errors.addAndGet(slotsTaken.get() - capacity); // counted, not lost silently
      for (Arrival a : arrivals) {
        JsonObject frame = parse(a.frame());
        if (frame != null && "err".equals(frame.getString("type"))) errors.incrementAndGet();
        if (frame == null || !"rec".equals(frame.getString("type")) || !address.equals(frame.getString("address"))) {
          continue;
        }
        JsonObject body = frame.getJsonObject("body");
        if (body != null) got.add(new Receipt(a.session(), body.getLong("seq"), a.nanos()));
      }
      System.out.println("window-end");
      System.out.flush();
      // "next": the sockets stay for another window (a warm client); anything else closes them
      boolean more = "next".equals(in.readLine());
      int openAtEnd = (int) sockets.stream().filter(ws -> !ws.isClosed()).count();
      int closedByServer = closed.get();
      if (!more) {
        for (WebSocket ws : sockets) ws.close();
        Thread.sleep(500);
      }

      // publish times of the server's probe
      Map<Long, Long> published = new HashMap<>();
      for (String line : Files.readAllLines(probeFile)) {
        String[] parts = line.trim().split(" ");
        if (parts.length == 2) published.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
      }
      // only the seqs published inside the window, with every session's receipt (or counted as missing)
      Map<Long, List<Receipt>> bySeq = new HashMap<>();
      for (Receipt r : got) bySeq.computeIfAbsent(r.seq, k -> new ArrayList<>()).add(r);
      List<Long> seqs = new ArrayList<>();
      for (Map.Entry<Long, Long> e : published.entrySet()) {
        if (e.getValue() >= windowStart && e.getValue() <= windowEnd - 2_000_000_000L) seqs.add(e.getKey());
      }
      seqs.sort(null);
      List<Long> latency = new ArrayList<>(); // receipt - publish, every session and seq
      List<Long> spread = new ArrayList<>(); // receipt - earliest receipt of the same seq
      List<Long> last = new ArrayList<>(); // per seq: last receipt - publish (fan-out complete)
      List<Long> first = new ArrayList<>(); // per seq: first receipt - publish
      // per seq, to line up with other logs on the monotonic clock: where the push's receipts stopped for longest
      io.vertx.core.json.JsonArray pushes = new io.vertx.core.json.JsonArray();
      long missing = 0;
      for (long seq : seqs) {
        List<Receipt> rs = bySeq.getOrDefault(seq, List.of());
        missing += sessions - rs.size();
        if (rs.isEmpty()) continue;
        long pub = published.get(seq);
        long min = rs.stream().mapToLong(Receipt::nanos).min().getAsLong();
        long max = rs.stream().mapToLong(Receipt::nanos).max().getAsLong();
        for (Receipt r : rs) {
          latency.add(r.nanos - pub);
          spread.add(r.nanos - min);
        }
        last.add(max - pub);
        first.add(min - pub);
        long[] at = rs.stream().mapToLong(Receipt::nanos).sorted().toArray();
        int gapAt = 0;
        long gap = 0;
        for (int i = 1; i < at.length; i++) {
          if (at[i] - at[i - 1] > gap) {
            gap = at[i] - at[i - 1];
            gapAt = i;
          }
        }
        pushes.add(new JsonObject().put("seq", seq).put("publish_ns", pub)
            .put("first_ms", (min - pub) / 1e6).put("p50_ms", (at[at.length / 2] - pub) / 1e6)
            .put("last_ms", (max - pub) / 1e6)
            .put("gap_ms", gap / 1e6)
            .put("gap_from_ns", gapAt == 0 ? pub : at[gapAt - 1]).put("receipts_before_gap", gapAt));
      }
      JsonObject out = new JsonObject()
          .put("sessions", sessions)
          .put("connect_ms", connectMs)
          .put("client_transport", transport)
          .put("client_parse", parseMode)
          .put("client_ping", spreadPings ? "spread" : "burst")
          .put("window_s", (windowEnd - windowStart) / 1e9)
          .put("window_start_ns", windowStart)
          .put("window_end_ns", windowEnd)
          .put("pushes_in_window", seqs.size())
          .put("receipts", latency.size())
          .put("missing", missing)
          .put("err_frames", errors.get())
          .put("closed_by_server_during_run", closedByServer)
          .put("open_at_end", openAtEnd)
          .put("latency_ms", stats(latency))
          .put("spread_from_first_receipt_ms", stats(spread))
          .put("first_receipt_ms", stats(first))
          .put("last_receipt_ms", stats(last))
          .put("pushes", pushes);
      System.out.println(out.encode());
      System.out.flush();
      if (!more) break;
    }
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static final byte[] SEQ = "\"seq\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The number after the first {@code "seq":} in a frame, without parsing it or allocating; -1 if there is none. */
  static long seqOf(Buffer buf) {
    int n = buf.length();
    outer:
    for (int i = 0; i + SEQ.length < n; i++) {
      for (int j = 0; j < SEQ.length; j++) {
        if (buf.getByte(i + j) != SEQ[j]) continue outer;
      }
      long v = 0;
      int k = i + SEQ.length;
      if (k >= n || buf.getByte(k) < '0' || buf.getByte(k) > '9') return -1;
      for (; k < n && buf.getByte(k) >= '0' && buf.getByte(k) <= '9'; k++) v = v * 10 + (buf.getByte(k) - '0');
      return v;
    }
    return -1;
  }

  private static JsonObject parse(Buffer buf) {
    try {
      return buf.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static JsonObject stats(List<Long> nanos) {
    if (nanos.isEmpty()) return new JsonObject();
    long[] v = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(v);
    return new JsonObject()
        .put("n", v.length)
        .put("min", v[0] / 1e6)
        .put("p50", pct(v, 50) / 1e6)
        .put("p90", pct(v, 90) / 1e6)
        .put("p99", pct(v, 99) / 1e6)
        .put("p99_9", pct(v, 99.9) / 1e6)
        .put("max", v[v.length - 1] / 1e6)
        .put("mean", Arrays.stream(v).average().orElse(0) / 1e6);
  }

  /** Nearest-rank percentile. */
  static long pct(long[] sorted, double p) {
    int k = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
  }
}
