package io.cybergraph.node.net;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline (polling), instead of sleeping for a guessed time. */
public final class Await {
  public static final Duration DEFAULT = Duration.ofSeconds(20);

  private Await() {}

  public static void until(String what, BooleanSupplier condition) {
    until(what, DEFAULT, condition, () -> "");
  }

  public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
    until(what, DEFAULT, condition, state);
  }

  public static void until(
      String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    until(what, timeout, Duration.ofMillis(5), condition, state);
  }

  /** Looks every {@code every}: for conditions that cost something (an RPC call to a process). */
  public static void until(String what, Duration timeout, Duration every,
      BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + timeout + " waiting for " + what + " " + state.get());
      }
      LockSupport.parkNanos(every.toNanos());
    }
  }
}
