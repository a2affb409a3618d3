package io.cybergraph.node.net;

import io.cybergraph.p2p.NodeId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each peer's share of a queue that every peer's messages wait in for one thread (the consensus
 * thread's, tx admission's): at most {@code perPeer} of one peer's messages wait at once. Node
 * keys cost nothing, so without a share a few connections flooding well-formed messages (each
 * one cheap to send, each one read in turn by that thread) filled the queue, and honest peers'
 * messages were dropped. With the share below a tenth of the queue, the connections one address
 * may open ({@code p2p.max_inbound_per_ip}, 8) cannot fill it.
 */
public final class PeerShares {

  private final int perPeer;
  /** Messages waiting per peer; a peer leaves the map with its last one. */
  private final ConcurrentHashMap<NodeId, Integer> waiting = new ConcurrentHashMap<>();

  public PeerShares(int perPeer) {
    this.perPeer = perPeer;
  }

  /** Counts one more waiting message of {@code peer}; false (nothing counted) past its share. */
  public boolean take(NodeId peer) {
    boolean[] taken = new boolean[1];
    waiting.compute(peer, (id, n) -> {
      int now = n == null ? 0 : n;
      taken[0] = now < perPeer;
      return taken[0] ? now + 1 : now;
    });
    return taken[0];
  }

  /** One of {@code peer}'s messages left the queue (was handled or dropped). */
  public void release(NodeId peer) {
    waiting.computeIfPresent(peer, (id, n) -> n == 1 ? null : n - 1);
  }

  /** Messages of {@code peer} waiting now (tests). */
  public int waiting(NodeId peer) {
    return waiting.getOrDefault(peer, 0);
  }
}
