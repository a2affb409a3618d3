package io.cybergraph.node.rpc.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cybergraph.node.rankpipe.RankSnapshot;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RankCursorPinsTest {
  private final AtomicLong clock = new AtomicLong(5_000);

  private static RankSnapshot at(long height) {
    return RankSnapshot.empty(height);
  }

  @Test
  void aHeldSnapshotLastsTheTtlAfterItsLastUse() {
    RankCursorPins pins = new RankCursorPins(2, clock::get);
    RankSnapshot s = at(7);
    pins.hold(s);
    clock.addAndGet(RankCursorPins.TTL_NANOS - 1);
    assertSame(s, pins.find(7).orElseThrow(), "used just before it expires: renewed");
    clock.addAndGet(RankCursorPins.TTL_NANOS - 1);
    assertSame(s, pins.find(7).orElseThrow());
    clock.addAndGet(RankCursorPins.TTL_NANOS);
    assertFalse(pins.find(7).isPresent(), "unused for the whole TTL");
    assertEquals(0, pins.held());
  }

  @Test
  void theLeastRecentlyUsedGivesWayAndZeroHoldsNothing() {
    RankCursorPins pins = new RankCursorPins(2, clock::get);
    pins.hold(at(1));
    pins.hold(at(2));
    pins.find(1); // 2 is now the least recently used
    pins.hold(at(3));
    assertEquals(2, pins.held());
    assertFalse(pins.find(2).isPresent());
    assertEquals(1, pins.find(1).orElseThrow().height());
    assertEquals(3, pins.find(3).orElseThrow().height());

    RankCursorPins none = new RankCursorPins(0, clock::get);
    none.hold(at(1));
    assertFalse(none.find(1).isPresent());
  }
}
