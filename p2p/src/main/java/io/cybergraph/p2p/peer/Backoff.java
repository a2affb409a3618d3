package io.cybergraph.p2p.peer;

import java.time.Duration;
import java.util.Random;

/**
 * Delays between redials of a persistent peer: {@code min · 2^failures}, capped at {@code max},
 * then shortened by up to 20% at random so that nodes restarted together do not redial in
 * lockstep (never longer than {@code max}).
 */
public final class Backoff {

  private final Duration min;
  private final Duration max;
  private final Random random;

  public Backoff(Duration min, Duration max, Random random) {
    this.min = min;
    this.max = max;
    this.random = random;
  }

  /** The delay before the next attempt after {@code failures} failed attempts in a row. */
  public Duration delay(int failures) {
    return jitter(base(failures));
  }

  /** The delay before jitter: {@code min(max, min · 2^failures)}. */
  public Duration base(int failures) {
    long minNanos = min.toNanos();
    long maxNanos = max.toNanos();
    int shift = Math.min(Math.max(failures, 0), 62);
    long nanos = minNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, minNanos << shift);
    return Duration.ofNanos(nanos);
  }

  private Duration jitter(Duration base) {
    double factor = 1.0 - 0.2 * random.nextDouble();
    return Duration.ofNanos((long) (base.toNanos() * factor));
  }
}
