package io.cybergraph.node.rankpipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RestoreProgressTest {
  @Test
  void oneLinePerIntervalWithLinksReadOfTheTotal() {
    AtomicLong clock = new AtomicLong(0);
    long chunk = RestoreProgress.LOOK_EVERY;
    RestoreProgress progress = new RestoreProgress(10 * chunk, 5, clock::get);
    assertNull(progress.read(chunk), "nothing before the interval");
    clock.set(5);
    assertNull(progress.read(chunk + 1), "the clock is read only every LOOK_EVERY links");
    assertEquals("rank: rebuilding the graph from the store: 32,768 of 163,840 links (20%)",
        progress.read(2 * chunk));
    assertNull(progress.read(3 * chunk), "once per interval");
    clock.set(10);
    assertEquals("rank: rebuilding the graph from the store: 65,536 of 163,840 links (40%)",
        progress.read(4 * chunk));
  }
}
