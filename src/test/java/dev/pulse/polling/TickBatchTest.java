package dev.pulse.polling;

import static dev.pulse.testsupport.PulseTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.ContainerKey;
import dev.pulse.docker.StatsSnapshot;
import dev.pulse.metrics.Sample;
import dev.pulse.metrics.SampleBatch;
import dev.pulse.testsupport.Await;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pollers of one event loop send one batch per round: every sample added while the round's tasks run goes out in
 * one message to the ring buffer and the same one to the counters, in the order added, and the next round is a new batch.
 */
class TickBatchTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  private static Sample sample(long t) {
    return new Sample(t, 1.5, 10, 20, 0, 0, 0, 0, 1);
  }

  /** The key of poller {@code n}. */
  private static ContainerKey key(int n) {
    return new ContainerKey("local", String.format("%064x", n));
  }

  private static StatsSnapshot snapshot(long t) {
    return new StatsSnapshot(t, 1, 2, 2, 10, 20, 0, 0, 0, 0, 1);
  }

  @Test
  void oneRoundIsOneBatchToEachConsumer() {
    SampleBatch.registerCodec(vertx.eventBus());
    List<SampleBatch> samples = new CopyOnWriteArrayList<>();
    List<SampleBatch> counters = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().<SampleBatch>localConsumer(Addresses.SAMPLES, m -> samples.add(m.body())).completion());
    await(vertx.eventBus().<SampleBatch>localConsumer(Addresses.COUNTERS, m -> counters.add(m.body())).completion());
    Context loop = vertx.getOrCreateContext();
    List<Integer> pendingAfterRound = new CopyOnWriteArrayList<>();
    // three pollers of one loop ticking at the same instant: three tasks queued one after another. They are queued
    // from a task on the loop itself, as the loop's due timers are, so none of them can run before all are queued
    // (queued from this thread, the loop could run and flush the first before the second arrives).
    loop.runOnContext(first -> {
      for (int i = 0; i < 3; i++) {
        int n = i;
        loop.runOnContext(v -> TickBatch.ofThisThread().add(loop, vertx.eventBus(), key(n), sample(n),
            snapshot(n), n));
      }
      loop.runOnContext(v -> pendingAfterRound.add(TickBatch.ofThisThread().pending()));
    });
    Await.until("the first batch", Duration.ofSeconds(10), () -> samples.size() >= 1 && counters.size() >= 1);
    assertEquals(List.of(key(0), key(1), key(2)), samples.get(0).items().stream().map(SampleBatch.Item::key).toList());
    assertEquals(2L, counters.get(0).items().get(2).missed());
    // the send is queued behind the tasks already waiting: all three were still pending when the task after them ran
    assertEquals(List.of(3), pendingAfterRound);

    loop.runOnContext(v -> TickBatch.ofThisThread().add(loop, vertx.eventBus(), key(9), sample(9),
        snapshot(9), 0));
    Await.until("the second batch", Duration.ofSeconds(10), () -> samples.size() >= 2 && counters.size() >= 2);
    assertEquals(1, samples.get(1).items().size());

    // from a thread that is not the poller's loop (a callback completed elsewhere): onto the loop's batch, not this
    // thread's
    TickBatch.send(loop, vertx.eventBus(), key(10), sample(10), snapshot(10), 0);
    assertEquals(0, TickBatch.ofThisThread().pending());
    Await.until("the third batch", Duration.ofSeconds(10), () -> samples.size() >= 3 && counters.size() >= 3);
    assertEquals(key(10), samples.get(2).items().get(0).key());
  }
}
