package io.cybergraph.store;

import java.util.Arrays;

/** Collects the link sequence number that ends each index key, up to a limit. */
final class SeqCollector implements Db.KeyVisitor {
  private final int limit;
  private long[] seqs = new long[16];
  private int size;

  SeqCollector(int limit) {
    this.limit = limit;
  }

  @Override
  public boolean visit(byte[] key) {
    if (size == seqs.length) {
      seqs = Arrays.copyOf(seqs, Math.min(limit, 2 * size));
    }
    seqs[size++] = Keys.readU64(key, key.length - 8);
    return size < limit;
  }

  long[] seqs() {
    return Arrays.copyOf(seqs, size);
  }
}
