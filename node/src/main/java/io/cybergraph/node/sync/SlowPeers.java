package io.cybergraph.node.sync;

import io.cybergraph.p2p.NodeId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Peers that let block requests time out, kept out of block sync for a while after they are
 * disconnected: a peer claiming a height it does not serve (say 2^62) was otherwise given the
 * next heights again at each reconnect and held the node ten seconds behind, time after time.
 * The time doubles with each repeat (1 minute up to 16), and a peer is kept out only while
 * another peer is there to serve: a full node whose one peer is slow waits for it instead.
 */
final class SlowPeers {
  static final Duration FIRST = Duration.ofMinutes(1);
  static final Duration LONGEST = Duration.ofMinutes(16);

  private record Out(long untilNanos, Duration last) {}

  private final Map<NodeId, Out> out = new HashMap<>();

  /** Notes a peer that let its requests time out; returns how long it is kept out. */
  Duration timedOut(NodeId peer, long nowNanos) {
    Out before = out.get(peer);
    Duration time = before == null ? FIRST
        : before.last().multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST
        : before.last().multipliedBy(2);
    out.put(peer, new Out(nowNanos + time.toNanos(), time));
    return time;
  }

  /**
   * Removes from {@code connected} the peers kept out now, unless none would be left. A peer
   * whose time is over stays known (its next time doubles) until it has been back as long.
   */
  void keepOut(Set<NodeId> connected, long nowNanos) {
    out.values().removeIf(o -> nowNanos - o.untilNanos() > o.last().toNanos());
    boolean anotherServes = connected.stream().anyMatch(p -> !isOut(p, nowNanos));
    if (anotherServes) {
      connected.removeIf(p -> isOut(p, nowNanos));
    }
  }

  private boolean isOut(NodeId peer, long nowNanos) {
    Out o = out.get(peer);
    return o != null && nowNanos - o.untilNanos() < 0;
  }
}
