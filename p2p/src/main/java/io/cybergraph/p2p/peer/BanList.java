package io.cybergraph.p2p.peer;

import io.cybergraph.p2p.NodeId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Nodes refused for a while after misbehaving, by node ID (not by IP address: many honest
 * nodes can share one address). Expired bans are dropped when looked up, and all of them once
 * the list has doubled since the last sweep: node IDs cost nothing, so a stream of fresh IDs
 * that each misbehave once must not grow the list past the bans still running.
 */
public final class BanList {

  private static final int FIRST_SWEEP = 1024;

  private final Map<NodeId, Long> bannedUntilNanos = new ConcurrentHashMap<>();
  private volatile int sweepAt = FIRST_SWEEP;
  private final LongSupplier nanoClock;

  public BanList(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  public void ban(NodeId id, Duration duration) {
    long now = nanoClock.getAsLong();
    bannedUntilNanos.merge(id, now + duration.toNanos(), Math::max);
    if (bannedUntilNanos.size() >= sweepAt) {
      sweep(now);
    }
  }

  /** Entries held, expired ones included (tests). */
  int size() {
    return bannedUntilNanos.size();
  }

  private synchronized void sweep(long now) {
    bannedUntilNanos.values().removeIf(until -> until - now <= 0);
    sweepAt = Math.max(FIRST_SWEEP, 2 * bannedUntilNanos.size());
  }

  /** The time left on the node's ban, or zero if it is not banned. */
  public Duration remaining(NodeId id) {
    Long until = bannedUntilNanos.get(id);
    if (until == null) {
      return Duration.ZERO;
    }
    long left = until - nanoClock.getAsLong();
    if (left <= 0) {
      bannedUntilNanos.remove(id, until);
      return Duration.ZERO;
    }
    return Duration.ofNanos(left);
  }

  public boolean isBanned(NodeId id) {
    return !remaining(id).isZero();
  }
}
