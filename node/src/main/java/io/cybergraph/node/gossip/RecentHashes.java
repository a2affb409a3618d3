package io.cybergraph.node.gossip;

import io.cybergraph.node.app.ByteKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The last hashes seen, bounded, without a lock: lets the p2p I/O threads skip a tx that is
 * already on its way to admission (peers each send it once) without taking the mempool's lock,
 * which a block's recheck holds for long. The mempool's own checks stay authoritative.
 */
final class RecentHashes {
  private final int capacity;
  private final Set<ByteKey> members = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<ByteKey> order = new ConcurrentLinkedQueue<>();

  RecentHashes(int capacity) {
    this.capacity = capacity;
  }

  /** Adds {@code hash}; false when it is among the last {@code capacity} added (about). */
  boolean add(ByteKey hash) {
    if (!members.add(hash)) {
      return false;
    }
    order.add(hash);
    while (members.size() > capacity) {
      ByteKey oldest = order.poll();
      if (oldest == null) {
        break;
      }
      members.remove(oldest);
    }
    return true;
  }

  /** Forgets {@code hash}: it may come again (it was dropped, or refused for now). */
  void remove(ByteKey hash) {
    members.remove(hash);
  }
}
