package io.cybergraph.node.gossip;

import io.cybergraph.node.app.ByteKey;
import java.util.LinkedHashSet;

/** Tx hashes a peer is known to have, the oldest forgotten first beyond a capacity. */
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

  boolean contains(ByteKey hash) {
    return hashes.contains(hash);
  }

  int size() {
    return hashes.size();
  }
}
