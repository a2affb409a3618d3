package io.cybergraph.p2p;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline (polling), instead of sleeping for a guessed time. */
final class Await {

  /**
   * Only an upper bound (every wait ends as soon as its condition holds): generous, because the
   * build machine's two cores are often shared (10 s once ran out at load average 20).
   */
  static final Duration DEFAULT = Duration.ofSeconds(30);

  private Await() {}

  static void until(String what, BooleanSupplier condition) {
    until(what, DEFAULT, condition, () -> "");
  }

  static void until(String what, BooleanSupplier condition, Supplier<String> state) {
    until(what, DEFAULT, condition, state);
  }

  static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + timeout + " waiting for " + what + " " + state.get());
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
