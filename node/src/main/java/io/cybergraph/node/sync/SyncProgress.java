package io.cybergraph.node.sync;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of catching up, as one log line per interval: height, target, percentage, speed over
 * the interval and the time left at that speed.
 */
final class SyncProgress {
  private final long intervalNanos;
  private final LongSupplier clock;
  private long startHeight;
  private long startNanos;
  private long lastHeight;
  private long lastNanos;

  SyncProgress(Duration interval, LongSupplier clock) {
    this.intervalNanos = interval.toNanos();
    this.clock = clock;
  }

  /** Starts measuring from {@code height}. */
  void start(long height) {
    startHeight = height;
    lastHeight = height;
    startNanos = clock.getAsLong();
    lastNanos = startNanos;
  }

  /** The line to log after applying {@code height} of {@code target}, or null if not due yet. */
  String applied(long height, long target) {
    long now = clock.getAsLong();
    if (now - lastNanos < intervalNanos) {
      return null;
    }
    double rate = perSecond(height - lastHeight, now - lastNanos);
    lastHeight = height;
    lastNanos = now;
    long left = Math.max(0, target - height);
    String eta = rate > 0 ? format(Duration.ofSeconds((long) Math.ceil(left / rate))) : "unknown";
    return String.format(Locale.ROOT, "block sync: height %d of %d (%.1f%%), %.0f blocks/s, ETA %s",
        height, target, target == 0 ? 100.0 : 100.0 * height / target, rate, eta);
  }

  /** The summary once caught up at {@code height}. */
  String caughtUp(long height) {
    long blocks = height - startHeight;
    long nanos = clock.getAsLong() - startNanos;
    return String.format(Locale.ROOT,
        "block sync: caught up at height %d (%d blocks in %s, %.0f blocks/s); following new blocks",
        height, blocks, format(Duration.ofNanos(nanos)), perSecond(blocks, nanos));
  }

  private static double perSecond(long blocks, long nanos) {
    return nanos <= 0 ? 0 : blocks * 1e9 / nanos;
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return d.toMillis() + "ms";
    }
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60) + "s";
    }
    return (s / 3600) + "h" + (s % 3600 / 60) + "m";
  }
}
