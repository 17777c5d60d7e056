package dev.pulse.metrics;

import dev.pulse.testsupport.Points;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RingBufferTest {

  private static Sample sample(long i) {
    return new Sample(1_000 * i, i, 100 + i, 1_000, 10 * i, 20 * i, 30 * i, 40 * i, i % 7);
  }

  private static long firstSeq(JsonArray points) {
    return points.getJsonObject(0).getLong("seq");
  }

  @Test
  void numbersFromZeroAndReadsFromACursor() {
    RingBuffer rb = new RingBuffer(10);
    for (int i = 0; i < 4; i++) assertEquals(i, rb.append(sample(i)));
    assertEquals(4, rb.nextSeq());
    assertEquals(4, Points.rows(rb.read(0)).size());
    JsonArray tail = Points.rows(rb.read(2));
    assertEquals(2, tail.size());
    assertEquals(2, firstSeq(tail));
    assertEquals(0, Points.rows(rb.read(4)).size(), "a caught-up reader gets nothing new");
  }

  @Test
  void wrapsAroundKeepingTheNewestCapacityPoints() {
    RingBuffer rb = new RingBuffer(5);
    for (int i = 0; i < 12; i++) rb.append(sample(i));
    assertEquals(12, rb.nextSeq());
    assertEquals(7, rb.firstSeq());
    JsonArray all = Points.rows(rb.read(0));
    assertEquals(5, all.size());
    for (int k = 0; k < 5; k++) {
      JsonObject p = all.getJsonObject(k);
      assertEquals(7 + k, p.getLong("seq"));
      assertEquals(1_000L * (7 + k), p.getLong("timestamp"), "the value stored under that seq, not a neighbour's");
      assertEquals(100L + 7 + k, p.getLong("memUsage"));
    }
  }

  @Test
  void aReaderFurtherBehindThanTheCapacityGetsAllRetained() {
    RingBuffer rb = new RingBuffer(3000);
    for (int i = 0; i < 7000; i++) rb.append(sample(i));
    JsonArray points = Points.rows(rb.read(1234));
    assertEquals(3000, points.size());
    assertEquals(4000, firstSeq(points));
    assertEquals(6999, points.getJsonObject(2999).getLong("seq"));
  }

  @Test
  void aReaderAheadOfTheBufferGetsEverythingAndASmallerCursor() {
    RingBuffer rb = new RingBuffer(10);
    for (int i = 0; i < 3; i++) rb.append(sample(i));
    // e.g. a page that held seq 500 before the server restarted
    JsonArray points = Points.rows(rb.read(500));
    assertEquals(3, points.size());
    assertEquals(0, firstSeq(points));
  }

  @Test
  void growsLazilyAcrossTheCapacityWithoutLosingOrder() {
    RingBuffer rb = new RingBuffer(3000); // not a power of two: growth stops at 3000
    for (int i = 0; i < 3500; i++) rb.append(sample(i));
    for (long seq = 500; seq < 3500; seq++) assertEquals(1_000 * seq, rb.get(seq).timestamp());
    assertThrows(IndexOutOfBoundsException.class, () -> rb.get(499));
  }

  @Test
  void pointCarriesEveryContractField() {
    RingBuffer rb = new RingBuffer(2);
    rb.append(new Sample(1764270000000L, 99.8534, 630784, 25276510208L, 1.25, 2.5, 3.75, 5, 3));
    JsonObject p = Points.rows(rb.read(0)).getJsonObject(0);
    assertEquals(0L, p.getLong("seq"));
    assertEquals(1764270000000L, p.getLong("timestamp"));
    assertEquals(99.853, p.getDouble("cpu"), 1e-9);
    assertEquals(0.002, p.getDouble("mem"), 1e-9);
    assertEquals(630784L, p.getLong("memUsage"));
    assertEquals(25276510208L, p.getLong("memLimit"));
    assertEquals(1.3, p.getDouble("netRx"), 1e-9);
    assertEquals(2.5, p.getDouble("netTx"), 1e-9);
    assertEquals(3.8, p.getDouble("blkRead"), 1e-9);
    assertEquals(5.0, p.getDouble("blkWrite"), 1e-9);
    assertEquals(3L, p.getLong("pids"));
  }
}
