package dev.pulse.bench.jmh;

import dev.pulse.metrics.RingBuffer;
import dev.pulse.metrics.RingFile;
import dev.pulse.metrics.Sample;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link RingBuffer} in the steady state Pulse runs it in: full (capacity = PULSE_BUFFER_SIZE default 3000), every
 * append overwriting the oldest point. {@code read} is the range read behind a history request ({@code From} =
 * nextSeq - points): 1 point is a caught-up reader, 3000 a full backfill. {@code readEncode} adds the JSON encoding
 * the REST answer and the bridge frame pay for the same range. {@code store} compares the heap arrays with a
 * memory-mapped {@link RingFile} (PULSE_DATA_DIR), side by side in one run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class RingBufferBench {

  static final int CAPACITY = 3000;

  /** Samples shaped like a live container's: every field non-zero, varying. */
  static Sample[] samples(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Sample[] out = new Sample[n];
    long t = 1_764_270_000_000L;
    for (int i = 0; i < n; i++) {
      out[i] = new Sample(t + 1000L * i, r.nextDouble(0, 200), 600_000 + r.nextInt(5_000_000), 25_276_510_208L,
          r.nextDouble(0, 1e6), r.nextDouble(0, 1e6), r.nextDouble(0, 1e5), r.nextDouble(0, 1e5), 1 + r.nextInt(50));
    }
    return out;
  }

  /** An empty buffer of {@link #CAPACITY}: on the heap, or in a fresh ring file under a temporary directory. */
  static RingBuffer create(String store) {
    if (store.equals("heap")) return new RingBuffer(CAPACITY);
    try {
      Path dir = Files.createTempDirectory("pulse-jmh-ring-");
      String id = "ab".repeat(32);
      Path path = RingFile.path(dir, id);
      RingBuffer buffer = RingBuffer.over(RingFile.create(path, "local", id, CAPACITY));
      // the mapping outlives the file's name: nothing is left behind
      Files.delete(path);
      Files.delete(dir);
      return buffer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @State(Scope.Thread)
  public static class Full {
    @Param({"heap", "file"})
    String store;
    RingBuffer buffer;
    Sample[] input;
    int next;

    @Setup(Level.Trial)
    public void fill() {
      input = samples(4096, 42);
      buffer = create(store);
      for (int i = 0; i < 2 * CAPACITY; i++) buffer.append(input[i & 4095]);
    }
  }

  /** One append into a full buffer (overwrites the oldest point). */
  @Benchmark
  public long append(Full s) {
    return s.buffer.append(s.input[s.next++ & 4095]);
  }

  @State(Scope.Thread)
  public static class Range {
    @Param({"1", "100", "3000"})
    int points;
    @Param({"heap", "file"})
    String store;
    RingBuffer buffer;
    long from;

    @Setup(Level.Trial)
    public void fill() {
      Sample[] input = samples(4096, 7);
      buffer = create(store);
      for (int i = 0; i < 2 * CAPACITY; i++) buffer.append(input[i & 4095]);
      from = buffer.nextSeq() - points;
    }
  }

  /** {@code RingBuffer.read(from)}: the History (MetricPoints in columns) a history request answers with. */
  @Benchmark
  public JsonObject read(Range s) {
    return s.buffer.read(s.from);
  }

  /** read + encode to JSON text, as the REST answer and the bridge reply do. */
  @Benchmark
  public String readEncode(Range s) {
    return s.buffer.read(s.from).encode();
  }
}
