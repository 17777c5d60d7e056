package dev.pulse.polling;

import dev.pulse.bus.Addresses;
import dev.pulse.bus.ContainerKey;
import dev.pulse.docker.StatsSnapshot;
import dev.pulse.metrics.Sample;
import dev.pulse.metrics.SampleBatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox of the pollers of one event loop. Pollers tick together on the aligned instants; each adds its sample
 * here, and the first one of a round schedules one send behind the round (a task queued on the loop runs after the
 * timers already due), which hands everything to the ring buffer and the counters in one {@link SampleBatch} each:
 * a wake-up of their threads per loop and round instead of two per container.
 *
 * <p>One instance per event-loop thread ({@link #ofThisThread()}), touched only by that thread (the verticles of one
 * loop run one at a time), and it holds nothing past the round: the samples are in the sent batch. Each poller
 * still samples its own container and publishes its own samples; this only groups the sending.
 */
final class TickBatch {

  private static final ThreadLocal<TickBatch> PER_THREAD = ThreadLocal.withInitial(TickBatch::new);

  private final List<SampleBatch.Item> items = new ArrayList<>();
  private boolean scheduled;

  static TickBatch ofThisThread() {
    return PER_THREAD.get();
  }

  /**
   * Adds one sample to the batch of {@code context}'s event loop: on that context directly, from anywhere else (a
   * callback completed on another thread) by hopping onto it first, so a batch is only ever touched by its own loop.
   */
  static void send(Context context, EventBus bus, ContainerKey key, Sample sample, StatsSnapshot snapshot,
      long missed) {
    if (Vertx.currentContext() == context) {
      ofThisThread().add(context, bus, key, sample, snapshot, missed);
    } else {
      context.runOnContext(v -> ofThisThread().add(context, bus, key, sample, snapshot, missed));
    }
  }

  /** Adds one sample; the batch goes out once the tasks already queued on {@code context}'s loop have run. */
  void add(Context context, EventBus bus, ContainerKey key, Sample sample, StatsSnapshot snapshot, long missed) {
    items.add(new SampleBatch.Item(key, sample, snapshot, missed));
    if (!scheduled) {
      scheduled = true;
      context.runOnContext(v -> flush(bus));
    }
  }

  /** Sends what was added (if anything) as one batch to each consumer. */
  void flush(EventBus bus) {
    scheduled = false;
    if (items.isEmpty()) return;
    SampleBatch batch = new SampleBatch(items); // a copy: the list is reused for the next round
    items.clear();
    bus.send(Addresses.SAMPLES, batch);
    bus.send(Addresses.COUNTERS, batch);
  }

  /** Samples waiting for the send (tests). */
  int pending() {
    return items.size();
  }
}
