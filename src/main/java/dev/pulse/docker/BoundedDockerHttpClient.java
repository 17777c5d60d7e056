package dev.pulse.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * docker-java's transport with every answer bounded: no line (a list, an inspect, one event or one stats sample is one
 * line of JSON) longer than {@link #MAX_LINE} bytes, and an answer that is not a stream must be read in full within
 * a deadline. A hostile or broken engine then costs one failed call, never the heap or a worker thread.
 */
final class BoundedDockerHttpClient implements DockerHttpClient {

  /** A list of a few thousand containers is a few MB; nothing the engine legitimately sends comes near it. */
  static final int MAX_LINE = 16 * 1024 * 1024;

  private final DockerHttpClient delegate;
  private final long deadlineMs;

  /** @param deadlineMs how long a non-streaming answer may take to read in full */
  BoundedDockerHttpClient(DockerHttpClient delegate, long deadlineMs) {
    this.delegate = delegate;
    this.deadlineMs = deadlineMs;
  }

  @Override
  public Response execute(Request request) {
    Response response = delegate.execute(request);
    String path = request.path();
    boolean stream = path.contains("/events") || (path.contains("/stats") && !path.contains("stream=false"));
    long deadline = stream ? Long.MAX_VALUE : System.nanoTime() + deadlineMs * 1_000_000;
    // a refused answer drops its connection: closing its stream would read the rest of it first
    InputStream body = new Bounded(response.getBody(), deadline, response::close);
    return new Response() {
      @Override
      public int getStatusCode() {
        return response.getStatusCode();
      }

      @Override
      public Map<String, List<String>> getHeaders() {
        return response.getHeaders();
      }

      @Override
      public InputStream getBody() {
        return body;
      }

      @Override
      public void close() {
        response.close();
      }
    };
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  /** Fails a read past {@link #MAX_LINE} bytes without a newline, or after the deadline. */
  static final class Bounded extends FilterInputStream {
    private final long deadlineNanos;
    private final Runnable abort;
    private long line;
    private boolean refused;

    Bounded(InputStream in, long deadlineNanos, Runnable abort) {
      super(in);
      this.deadlineNanos = deadlineNanos;
      this.abort = abort;
    }

    @Override
    public void close() throws IOException {
      if (!refused) super.close();
    }

    private IOException refuse(String why) {
      refused = true;
      abort.run();
      return new IOException(why);
    }

    @Override
    public int read() throws IOException {
      check();
      int b = super.read();
      if (b >= 0) count((byte) b);
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      check();
      int n = super.read(buf, off, len);
      for (int i = 0; i < n; i++) count(buf[off + i]);
      return n;
    }

    private void count(byte b) throws IOException {
      line = b == '\n' ? 0 : line + 1;
      if (line > MAX_LINE) throw refuse("engine answer larger than " + MAX_LINE + " bytes: refused");
    }

    private void check() throws IOException {
      if (System.nanoTime() - deadlineNanos > 0 && deadlineNanos != Long.MAX_VALUE) {
        throw refuse("engine answer not complete in time: refused");
      }
    }
  }
}
