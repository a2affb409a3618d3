package io.cybergraph.store;

/**
 * Memory bounds of a {@link ChainStore}: RocksDB's block cache and its memtables are the two
 * things that grow with load, so both are fixed here. Memtables are charged to the block cache
 * (one {@code WriteBufferManager}), so {@code blockCacheBytes} is the store's total budget.
 *
 * @param blockCacheBytes bytes of the one LRU cache shared by every column family (data, index
 *     and filter blocks, plus the memtables' reservation)
 * @param memtableBytes bytes all memtables together may hold before RocksDB flushes the largest
 */
public record StoreOptions(long blockCacheBytes, long memtableBytes) {

  public StoreOptions {
    if (blockCacheBytes < (1 << 20)) {
      throw new IllegalArgumentException("store block cache must be at least 1 MiB, got " + blockCacheBytes);
    }
    if (memtableBytes < (1 << 20)) {
      throw new IllegalArgumentException("store memtables must be at least 1 MiB, got " + memtableBytes);
    }
  }

  /** 128 MiB cache and 64 MiB memtables: enough for blocks of 20,000 links. */
  public static StoreOptions defaults() {
    return new StoreOptions(128L << 20, 64L << 20);
  }

  /** Bytes one column family's memtable may reach before it is flushed on its own. */
  long memtableBytesPerColumn() {
    return Math.max(1L << 20, Math.min(memtableBytes / 2, 64L << 20));
  }
}
