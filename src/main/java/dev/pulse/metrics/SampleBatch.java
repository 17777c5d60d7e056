package dev.pulse.metrics;

import dev.pulse.bus.ContainerKey;
import dev.pulse.docker.StatsSnapshot;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.util.List;

/**
 * The samples that the pollers of one event loop produced in one round of ticks, sent as one message to the ring
 * buffer ({@code pulse.internal.samples}) and the same message to the counters ({@code pulse.internal.counters}).
 * One hand-off between threads per loop and round instead of two per sample, and no JSON on the way: both addresses
 * are local, so the message carries these objects as they are. Immutable once sent, so both consumers may read it.
 */
public record SampleBatch(List<Item> items) {

  /**
   * One container's sample, with the snapshot it ends on (its cumulative counters) and the ticks missed before it.
   * Keyed by the poller's {@link ContainerKey}, checked once when the poller was made, not again per sample.
   */
  public record Item(ContainerKey key, Sample sample, StatsSnapshot snapshot, long missed) {

    public String host() {
      return key.host();
    }

    public String id() {
      return key.id();
    }
  }

  public SampleBatch {
    items = List.copyOf(items);
  }

  /**
   * Lets the event bus carry batches between verticles of this process; a batch never leaves it (local consumers
   * only). Idempotent: the first verticle that needs it registers it.
   */
  public static void registerCodec(EventBus bus) {
    try {
      bus.registerDefaultCodec(SampleBatch.class, new LocalCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vert.x did it
    }
  }

  private static final class LocalCodec implements MessageCodec<SampleBatch, SampleBatch> {
    @Override
    public void encodeToWire(Buffer buffer, SampleBatch batch) {
      throw new UnsupportedOperationException("a sample batch is for local consumers only");
    }

    @Override
    public SampleBatch decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("a sample batch is for local consumers only");
    }

    @Override
    public SampleBatch transform(SampleBatch batch) {
      return batch;
    }

    @Override
    public String name() {
      return "pulse-sample-batch";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
