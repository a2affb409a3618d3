package io.cybergraph.node.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SyncProgressTest {
  private final AtomicLong now = new AtomicLong();
  private final SyncProgress progress = new SyncProgress(Duration.ofSeconds(5), now::get);

  @Test
  void logsHeightTargetSpeedAndTimeLeftOncePerInterval() {
    progress.start(100);
    now.set(Duration.ofSeconds(4).toNanos());
    assertNull(progress.applied(500, 10_100), "not due yet");
    now.set(Duration.ofSeconds(5).toNanos());
    // 2,400 blocks in 5 s = 480 blocks/s; 7,600 left = 16 s
    assertEquals("block sync: height 2500 of 10100 (24.8%), 480 blocks/s, ETA 16s",
        progress.applied(2_500, 10_100));
    now.set(Duration.ofSeconds(10).toNanos());
    assertEquals("block sync: height 2500 of 10100 (24.8%), 0 blocks/s, ETA unknown",
        progress.applied(2_500, 10_100));
    now.set(Duration.ofSeconds(21).toNanos());
    assertEquals("block sync: caught up at height 10100 (10000 blocks in 21s, 476 blocks/s); "
        + "following new blocks", progress.caughtUp(10_100));
  }

  @Test
  void durationsReadNaturally() {
    assertEquals("250ms", SyncProgress.format(Duration.ofMillis(250)));
    assertEquals("59s", SyncProgress.format(Duration.ofSeconds(59)));
    assertEquals("2m5s", SyncProgress.format(Duration.ofSeconds(125)));
    assertEquals("3h7m", SyncProgress.format(Duration.ofMinutes(187)));
  }
}
