package dev.pulse.bench.jmh;

import dev.pulse.docker.StatsParser;
import dev.pulse.docker.StatsSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-sample parse of a stats payload: Pulse's {@code StatsParser.parse} (Jackson's streaming parser straight into
 * the snapshot) against {@link TreeStatsParser} (the tree walk it replaced). The payload is a real one-shot answer of
 * Engine 20.10 on cgroup v1 (bench/src/main/resources).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Benchmark)
public class StatsParseBench {

  byte[] payload;

  @Setup(Level.Trial)
  public void load() throws IOException {
    try (InputStream in = StatsParseBench.class.getResourceAsStream("/stats-engine-20.10-cgroup-v1.json")) {
      payload = in.readAllBytes();
    }
    StatsSnapshot a = StatsParser.parse(payload);
    StatsSnapshot b = TreeStatsParser.parse(payload);
    if (!a.equals(b)) throw new IllegalStateException("parsers disagree:\n" + a + "\n" + b);
  }

  @Benchmark
  public StatsSnapshot pulseStreamingParser() throws IOException {
    return StatsParser.parse(payload);
  }

  @Benchmark
  public StatsSnapshot treeWalkBaseline() throws IOException {
    return TreeStatsParser.parse(payload);
  }
}
