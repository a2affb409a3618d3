package io.cybergraph.node.rankpipe;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of rebuilding the rank graph at start, as one log line per interval: links read of
 * the store's total. At ten million links the rebuild takes long enough for an operator to
 * wonder whether the node is doing anything.
 */
final class RestoreProgress {
  /** Links between looks at the clock. */
  static final int LOOK_EVERY = 1 << 14;

  private final long total;
  private final long intervalNanos;
  private final LongSupplier clock;
  private long lastNanos;

  RestoreProgress(long total, long intervalNanos, LongSupplier clock) {
    this.total = total;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
    this.lastNanos = clock.getAsLong();
  }

  /** The line to log once {@code read} links are read, or null if none is due. */
  String read(long read) {
    if (read % LOOK_EVERY != 0) {
      return null;
    }
    long now = clock.getAsLong();
    if (now - lastNanos < intervalNanos) {
      return null;
    }
    lastNanos = now;
    return String.format(Locale.ROOT, "rank: rebuilding the graph from the store: %,d of %,d links"
        + " (%.0f%%)", read, total, total == 0 ? 100.0 : 100.0 * read / total);
  }
}
