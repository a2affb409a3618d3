package io.cybergraph.node.app.tx;

import io.cybergraph.node.app.ByteKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hashes of txs whose signature verified, so a tx checked at mempool admission is not verified
 * again when its block executes (a tx hash covers the signature and the signed bytes). Bounded:
 * the oldest entries go first. Thread-safe.
 */
public final class SignatureCache {
  private final int capacity;
  private final Map<ByteKey, Boolean> verified;

  /** @param capacity entries kept (0 disables the cache) */
  public SignatureCache(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0");
    }
    this.capacity = capacity;
    this.verified =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<ByteKey, Boolean> eldest) {
            return size() > SignatureCache.this.capacity;
          }
        };
  }

  public synchronized boolean contains(ByteKey txHash) {
    return verified.get(txHash) != null;
  }

  public synchronized void add(ByteKey txHash) {
    if (capacity > 0) {
      verified.put(txHash, Boolean.TRUE);
    }
  }

  public synchronized int size() {
    return verified.size();
  }
}
