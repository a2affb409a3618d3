package io.cybergraph.p2p.peer;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in per second up to {@code capacity}; taking
 * more than are there fails ({@link #tryTake}) or leaves a debt to wait out ({@link
 * #takeOwing}). Not thread-safe: one bucket belongs to one connection's I/O thread.
 */
public final class TokenBucket {

  private final double capacity;
  private final double tokensPerNano;
  private final LongSupplier nanoClock;
  private double tokens;
  private long lastRefillNanos;

  public TokenBucket(double ratePerSecond, double capacity, LongSupplier nanoClock) {
    if (ratePerSecond <= 0 || capacity <= 0) {
      throw new IllegalArgumentException("rate and capacity must be positive");
    }
    this.capacity = capacity;
    this.tokensPerNano = ratePerSecond / 1e9;
    this.nanoClock = nanoClock;
    this.tokens = capacity;
    this.lastRefillNanos = nanoClock.getAsLong();
  }

  /** Takes {@code n} tokens if there are that many; otherwise takes none and returns false. */
  public boolean tryTake(double n) {
    refill();
    if (tokens < n) {
      return false;
    }
    tokens -= n;
    return true;
  }

  /**
   * Takes {@code n} tokens, going into debt if there are fewer; returns how long until the
   * bucket is out of debt again (0 if it is not in debt).
   */
  public long takeOwing(double n) {
    refill();
    tokens -= n;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
  }

  private void refill() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - lastRefillNanos) * tokensPerNano);
    lastRefillNanos = now;
  }
}
