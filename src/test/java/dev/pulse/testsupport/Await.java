package dev.pulse.testsupport;

import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;

/** Waits for a condition that an observable state change will make true, with a hard deadline. */
public final class Await {

  private Await() {}

  public static void until(String what, Duration timeout, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Boolean.TRUE.equals(condition.get())) return;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        Assertions.fail("interrupted while waiting for " + what);
      }
    }
    Assertions.fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
  }
}
