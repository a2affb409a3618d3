package io.cybergraph.node.gossip;

import io.cybergraph.node.app.ByteKey;
import java.util.LinkedHashSet;

/**
 * Tx hashes remembered, the oldest forgotten first beyond a capacity: what a peer is known to
 * have, and the txs received lately. Not thread-safe: its owner locks.
 */
final class KnownTxs {
  private final int capacity;
  private final LinkedHashSet<ByteKey> hashes = new LinkedHashSet<>();

  KnownTxs(int capacity) {
    this.capacity = capacity;
  }

  /** Remembers {@code hash}; returns false if it was known already. */
  boolean add(ByteKey hash) {
    if (!hashes.add(hash)) {
      return false;
    }
    if (hashes.size() > capacity) {
      hashes.remove(hashes.iterator().next());
    }
    return true;
  }

  /** Forgets {@code hash}. */
  void remove(ByteKey hash) {
    hashes.remove(hash);
  }

  boolean contains(ByteKey hash) {
    return hashes.contains(hash);
  }

  int size() {
    return hashes.size();
  }
}
