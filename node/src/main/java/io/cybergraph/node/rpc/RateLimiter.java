package io.cybergraph.node.rpc;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-client-IP token buckets: each address may make {@code perSecond} requests per second,
 * with bursts up to {@code perSecond}. Integer arithmetic in nano-tokens (a request costs 10^9),
 * so the refill is exact. Idle clients' buckets are dropped once many are tracked, which bounds
 * memory.
 */
final class RateLimiter {

  private static final long NANOS = 1_000_000_000L;
  private static final int MAX_TRACKED = 10_000;

  private final long perSecond;
  private final long capacity;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(int perSecond, LongSupplier nanoClock) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("requests per second must be > 0, got " + perSecond);
    }
    this.perSecond = perSecond;
    this.capacity = perSecond * NANOS;
    this.nanoClock = nanoClock;
  }

  /** True when {@code client} may make one more request now (and counts it). */
  boolean tryAcquire(InetAddress client) {
    long now = nanoClock.getAsLong();
    if (buckets.size() >= MAX_TRACKED) {
      buckets.values().removeIf(b -> b.idleSince(now));
    }
    return buckets.computeIfAbsent(client, c -> new Bucket(now)).tryTake(now);
  }

  private final class Bucket {
    private long tokens = capacity;
    private long last;

    Bucket(long now) {
      last = now;
    }

    synchronized boolean tryTake(long now) {
      long elapsed = Math.min(Math.max(0, now - last), NANOS); // a full refill takes 1 s
      last = now;
      tokens = Math.min(capacity, tokens + elapsed * perSecond);
      if (tokens >= NANOS) {
        tokens -= NANOS;
        return true;
      }
      return false;
    }

    /** Idle for a second or more: its bucket would be full again anyway. */
    synchronized boolean idleSince(long now) {
      return now - last >= NANOS;
    }
  }
}
