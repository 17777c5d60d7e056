package dev.pulse.docker;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.io.Closeable;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * One stats stream of {@link OneShotStatsClient#stream}: its request and the bytes of the sample being received,
 * split at the engine's line ends, each line bounded and parsed by {@link StatsParser}; touched only on the opening
 * context.
 */
final class StatsStream implements Closeable {

  private final Vertx vertx;
  private final HttpClient streams;
  private final RequestOptions options;
  final Context ctx;
  private final String id;
  private final Consumer<StatsSnapshot> onSample;
  private final Consumer<Throwable> onEnd;
  private Buffer pending = Buffer.buffer();
  private HttpClientRequest req;
  private long deadline = -1;
  private boolean done;

  StatsStream(Vertx vertx, HttpClient streams, RequestOptions options, Context ctx, String id,
      Consumer<StatsSnapshot> onSample, Consumer<Throwable> onEnd) {
    this.vertx = vertx;
    this.streams = streams;
    this.options = options;
    this.ctx = ctx;
    this.id = id;
    this.onSample = onSample;
    this.onEnd = onEnd;
  }

  void open() {
    if (done) return;
    armDeadline();
    streams.request(options).onFailure(this::end).onSuccess(r -> {
      if (done) {
        r.reset();
        return;
      }
      req = r;
      r.send().onFailure(this::end).onSuccess(this::read);
    });
  }

  private void read(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      Promise<StatsSnapshot> answer = Promise.promise();
      answer.future().onComplete(ar -> end(ar.failed() ? ar.cause() : new IllegalStateException("stats stream of "
          + id + " answered HTTP " + response.statusCode())));
      OneShotStatsClient.readCapped(id, req, response, answer); // the error body, capped, says why (404: no such container)
      return;
    }
    response.exceptionHandler(this::end);
    response.handler(chunk -> {
      if (done) return;
      int from = 0;
      for (int i = 0; i < chunk.length(); i++) {
        if (chunk.getByte(i) != '\n') continue;
        pending.appendBuffer(chunk, from, i - from);
        from = i + 1;
        if (!sample()) return;
      }
      if (pending.length() + chunk.length() - from > OneShotStatsClient.MAX_BODY) {
        end(new IllegalStateException("stats stream of " + id + ": a sample larger than " + OneShotStatsClient.MAX_BODY + " bytes"));
      } else {
        pending.appendBuffer(chunk, from, chunk.length() - from);
      }
    });
    response.endHandler(v -> {
      if (!done && pending.length() > 0 && !sample()) return;
      end(null);
    });
  }

  /** Parses the line in {@code pending}; false when that ended the stream. */
  private boolean sample() {
    byte[] line = pending.getBytes();
    pending = Buffer.buffer();
    if (blank(line)) return true;
    StatsSnapshot snapshot;
    try {
      snapshot = StatsParser.parse(line);
    } catch (IOException | RuntimeException e) {
      end(new IllegalStateException("stats stream of " + id + ": unreadable sample: " + OneShotStatsClient.preview(line)));
      return false;
    }
    armDeadline();
    onSample.accept(snapshot);
    return !done;
  }

  private static boolean blank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\r' && b != '\t') return false;
    }
    return true;
  }

  private void armDeadline() {
    vertx.cancelTimer(deadline);
    deadline = vertx.setTimer(OneShotStatsClient.STREAM_SAMPLE_MS, t -> end(new IllegalStateException("stats stream of " + id
        + ": no complete sample within " + OneShotStatsClient.STREAM_SAMPLE_MS + " ms")));
  }

  private void end(Throwable err) {
    if (done) return;
    stop();
    onEnd.accept(err);
  }

  private void stop() {
    done = true;
    vertx.cancelTimer(deadline);
    if (req != null) req.reset();
  }

  /** Ends the stream without calling {@code onEnd}; from any thread. */
  @Override
  public void close() {
    if (Vertx.currentContext() == ctx) stop();
    else ctx.runOnContext(v -> stop());
  }
}
