package io.cybergraph.node.mempool;

import io.cybergraph.node.app.ByteKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hashes of txs seen recently (admitted, or committed in a block), so a replay or a gossip
 * echo is refused without decoding it. Bounded: the oldest hash goes first. Not thread-safe (the
 * mempool's lock guards it).
 */
final class SeenCache {
  private final int capacity;
  private final LinkedHashMap<ByteKey, Boolean> hashes;

  SeenCache(int capacity) {
    this.capacity = capacity;
    this.hashes =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<ByteKey, Boolean> eldest) {
            return size() > SeenCache.this.capacity;
          }
        };
  }

  boolean contains(ByteKey hash) {
    return hashes.containsKey(hash);
  }

  /** Remembers {@code hash} as the newest entry. */
  void add(ByteKey hash) {
    if (capacity > 0) {
      hashes.remove(hash);
      hashes.put(hash, Boolean.TRUE);
    }
  }

  void remove(ByteKey hash) {
    hashes.remove(hash);
  }

  int size() {
    return hashes.size();
  }
}
