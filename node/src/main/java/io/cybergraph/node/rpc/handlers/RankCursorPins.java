package io.cybergraph.node.rpc.handlers;

import io.cybergraph.node.rankpipe.RankSnapshot;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Focus snapshots held for open rank cursors after the rank pipeline has let them go (it keeps
 * the last lag + 1 heights: about three seconds at 1 s blocks), so that a person paging
 * {@code /rank/top} by hand is not told {@code 410 cursor_expired} between two pages. Each is
 * held until {@link #TTL_NANOS} after its cursor was last issued or used; at most {@code
 * capacity} are held (each is a focus vector and a rank tree: tens of MB at a million
 * particles), the one used least recently giving way to a new one.
 */
final class RankCursorPins {
  static final long TTL_NANOS = 60_000_000_000L;

  private record Pin(RankSnapshot snapshot, long until) {}

  private final int capacity;
  private final LongSupplier clock;
  /** By height, least recently used first. */
  private final LinkedHashMap<Long, Pin> pins = new LinkedHashMap<>(16, 0.75f, true);

  RankCursorPins(int capacity, LongSupplier clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  /** Holds {@code s} while a cursor into it may come back. */
  synchronized void hold(RankSnapshot s) {
    if (capacity == 0) {
      return;
    }
    long now = clock.getAsLong();
    dropExpired(now);
    pins.put(s.height(), new Pin(s, now + TTL_NANOS));
    if (pins.size() > capacity) {
      Iterator<Long> eldest = pins.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  /** The held snapshot of {@code height}, its hold renewed, if there is one. */
  synchronized Optional<RankSnapshot> find(long height) {
    long now = clock.getAsLong();
    dropExpired(now);
    Pin pin = pins.get(height);
    if (pin == null) {
      return Optional.empty();
    }
    pins.put(height, new Pin(pin.snapshot(), now + TTL_NANOS));
    return Optional.of(pin.snapshot());
  }

  private void dropExpired(long now) {
    pins.values().removeIf(p -> now - p.until() >= 0);
  }

  synchronized int held() {
    return pins.size();
  }
}
