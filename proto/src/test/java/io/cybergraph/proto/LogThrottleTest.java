package io.cybergraph.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final BlockingQueue<LogThrottle.Summary> reported = new LinkedBlockingQueue<>();
  private final LogThrottle throttle = new LogThrottle(Duration.ofMillis(200), reported::add);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void theFirstEventIsLoggedAndTheRestOfTheWindowIsOneSummary() throws Exception {
    assertTrue(throttle.admit("a", scheduler));
    for (int i = 0; i < 999; i++) {
      assertFalse(throttle.admit(i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c", scheduler));
    }
    assertEquals(new LogThrottle.Summary(999, 3), reported.poll(10, TimeUnit.SECONDS));
    // the flood goes on: still counted, one summary per window
    assertFalse(throttle.admit("d", scheduler));
    assertEquals(new LogThrottle.Summary(1, 1), reported.poll(10, TimeUnit.SECONDS));
    // a window with nothing ends the run (no empty summary); the next event is said in full
    assertNull(reported.poll(600, TimeUnit.MILLISECONDS));
    assertTrue(throttle.admit("e", scheduler));
    assertNull(reported.poll(600, TimeUnit.MILLISECONDS));
  }

  @Test
  void distinctSourcesAreCountedUpToABound() throws Exception {
    assertTrue(throttle.admit(-1, scheduler));
    for (int i = 0; i < LogThrottle.MAX_SOURCES + 5; i++) {
      throttle.admit(i, scheduler);
    }
    LogThrottle.Summary summary = reported.poll(10, TimeUnit.SECONDS);
    assertEquals(LogThrottle.MAX_SOURCES + 5, summary.events());
    assertEquals(LogThrottle.MAX_SOURCES, summary.sources());
  }

  @Test
  void withoutAScheduleEveryEventIsSaidInFull() {
    scheduler.shutdownNow();
    assertTrue(throttle.admit("a", scheduler));
    assertTrue(throttle.admit("a", scheduler)); // no summary could ever come, so none is owed
  }
}
