package io.cybergraph.p2p.peer;

import io.cybergraph.p2p.NodeId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Nodes refused for a while after misbehaving, by node ID (not by IP address: many honest
 * nodes can share one address). Expired bans are dropped when looked up.
 */
public final class BanList {

  private final Map<NodeId, Long> bannedUntilNanos = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;

  public BanList(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  public void ban(NodeId id, Duration duration) {
    long until = nanoClock.getAsLong() + duration.toNanos();
    bannedUntilNanos.merge(id, until, Math::max);
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
