package io.cybergraph.node.consensus;

import io.cybergraph.p2p.NodeId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each peer's share of the consensus thread's message queue: at most {@code perPeer} of its
 * messages wait at once. The queue is shared by every peer, and node keys cost nothing, so
 * without a share a few connections flooding well-formed messages (each one cheap to send,
 * each one read in turn by the consensus thread) filled it, and honest peers' votes were
 * dropped until resent. With the share below a tenth of the queue, the connections one address
 * may open ({@code p2p.max_inbound_per_ip}, 8) cannot fill it.
 */
final class PeerShares {

  private final int perPeer;
  /** Messages waiting per peer; a peer leaves the map with its last one. */
  private final ConcurrentHashMap<NodeId, Integer> waiting = new ConcurrentHashMap<>();

  PeerShares(int perPeer) {
    this.perPeer = perPeer;
  }

  /** Counts one more waiting message of {@code peer}; false (nothing counted) past its share. */
  boolean take(NodeId peer) {
    boolean[] taken = new boolean[1];
    waiting.compute(peer, (id, n) -> {
      int now = n == null ? 0 : n;
      taken[0] = now < perPeer;
      return taken[0] ? now + 1 : now;
    });
    return taken[0];
  }

  /** One of {@code peer}'s messages left the queue (was handled or dropped). */
  void release(NodeId peer) {
    waiting.computeIfPresent(peer, (id, n) -> n == 1 ? null : n - 1);
  }

  /** Messages of {@code peer} waiting now (tests). */
  int waiting(NodeId peer) {
    return waiting.getOrDefault(peer, 0);
  }
}
