package io.cybergraph.p2p.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(1));

  @Test
  void doublesAfterEachFailureUpToTheMaximum() {
    assertEquals(Duration.ofMillis(100), backoff.base(0));
    assertEquals(Duration.ofMillis(200), backoff.base(1));
    assertEquals(Duration.ofMillis(400), backoff.base(2));
    assertEquals(Duration.ofMillis(3200), backoff.base(5));
    assertEquals(Duration.ofSeconds(5), backoff.base(6));
    assertEquals(Duration.ofSeconds(5), backoff.base(1000), "no overflow");
  }

  @Test
  void jitterShortensByAtMostAFifth() {
    for (int failures = 0; failures < 10; failures++) {
      Duration base = backoff.base(failures);
      for (int i = 0; i < 100; i++) {
        Duration delay = backoff.delay(failures);
        assertTrue(delay.compareTo(base) <= 0, delay + " > " + base);
        assertTrue(delay.toNanos() >= base.toNanos() * 8 / 10, delay + " < 0.8 × " + base);
      }
    }
  }
}
