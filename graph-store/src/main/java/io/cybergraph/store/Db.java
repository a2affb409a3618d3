package io.cybergraph.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB instance with one handle per {@link Column}; turns RocksDB's checked
 * exceptions into {@link StoreException} and owns every native object so {@link #close()} frees
 * them all.
 */
final class Db implements AutoCloseable {

  /** Visits the entries of a key range in key order; returns false to stop early. */
  @FunctionalInterface
  interface EntryVisitor {
    boolean visit(byte[] key, byte[] value);
  }

  /** Visits the keys of a key range in key order; returns false to stop early. */
  @FunctionalInterface
  interface KeyVisitor {
    boolean visit(byte[] key);
  }

  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB rocks;
  private final Map<Column, ColumnFamilyHandle> handles = new EnumMap<>(Column.class);
  private final List<AutoCloseable> natives = new ArrayList<>();
  private final WriteOptions syncWrite;
  private final WriteOptions unsyncedWrite;
  /** Shared by all reads: never modified after construction, so safe across threads. */
  private final ReadOptions read = new ReadOptions();
  private volatile boolean closed;

  private Db(RocksDB rocks, List<ColumnFamilyHandle> opened, List<AutoCloseable> natives) {
    this.rocks = rocks;
    Column[] columns = Column.values();
    for (int i = 0; i < columns.length; i++) {
      handles.put(columns[i], opened.get(i));
    }
    this.natives.addAll(natives);
    this.syncWrite = new WriteOptions().setSync(true);
    this.unsyncedWrite = new WriteOptions().setSync(false);
  }

  static Db open(Path dir, StoreOptions options) {
    List<AutoCloseable> natives = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      LRUCache cache = new LRUCache(options.blockCacheBytes());
      natives.add(cache);
      WriteBufferManager memtables = new WriteBufferManager(options.memtableBytes(), cache);
      natives.add(memtables);
      BloomFilter bloom = new BloomFilter(10);
      natives.add(bloom);

      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (Column column : Column.values()) {
        BlockBasedTableConfig table =
            new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setBlockSize(16 * 1024)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        if (column.pointLookups) {
          table.setFilterPolicy(bloom);
        }
        ColumnFamilyOptions cf =
            new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setWriteBufferSize(options.memtableBytesPerColumn())
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
                .setLevelCompactionDynamicLevelBytes(true);
        natives.add(cf);
        descriptors.add(new ColumnFamilyDescriptor(column.nameBytes(), cf));
      }
      DBOptions db =
          new DBOptions()
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setWriteBufferManager(memtables)
              .setMaxBackgroundJobs(2)
              // with many families the WAL is kept until every family has flushed: bound it
              .setMaxTotalWalSize(4 * options.memtableBytes())
              .setKeepLogFileNum(3)
              .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
      natives.add(db);
      List<ColumnFamilyHandle> opened = new ArrayList<>();
      RocksDB rocks = RocksDB.open(db, dir.toString(), descriptors, opened);
      return new Db(rocks, opened, natives);
    } catch (RocksDBException | java.io.IOException e) {
      closeAll(natives);
      String why = String.valueOf(e.getMessage());
      if (why.contains("lock file") || why.contains("LOCK")) {
        why = "another process (a node already running on this home?) holds its lock";
      }
      throw new StoreException("cannot open store at " + dir + ": " + why, e);
    }
  }

  ColumnFamilyHandle handle(Column column) {
    return handles.get(column);
  }

  byte[] get(Column column, byte[] key) {
    ensureOpen();
    try {
      return rocks.get(handles.get(column), key);
    } catch (RocksDBException e) {
      throw failure("read " + column.familyName, e);
    }
  }

  /** Values for keys of one column, null where absent; one call into RocksDB. */
  List<byte[]> multiGet(Column column, List<byte[]> keys) {
    ensureOpen();
    if (keys.isEmpty()) {
      return List.of();
    }
    List<ColumnFamilyHandle> columns = new ArrayList<>(keys.size());
    ColumnFamilyHandle handle = handles.get(column);
    for (int i = 0; i < keys.size(); i++) {
      columns.add(handle);
    }
    try {
      return rocks.multiGetAsList(columns, keys);
    } catch (RocksDBException e) {
      throw failure("read " + column.familyName, e);
    }
  }

  /** Visits entries with {@code from <= key < to} ({@code to == null}: to the end). */
  void scan(Column column, byte[] from, byte[] to, EntryVisitor visitor) {
    iterate(column, from, to, (it, key) -> visitor.visit(key, it.value()));
  }

  /** As {@link #scan} without reading values (index keys, or large values not needed). */
  void scanKeys(Column column, byte[] from, byte[] to, KeyVisitor visitor) {
    iterate(column, from, to, (it, key) -> visitor.visit(key));
  }

  private void iterate(
      Column column, byte[] from, byte[] to, java.util.function.BiPredicate<RocksIterator, byte[]> step) {
    ensureOpen();
    try (RocksIterator it = rocks.newIterator(handles.get(column), read)) {
      if (from == null) {
        it.seekToFirst();
      } else {
        it.seek(from);
      }
      while (it.isValid()) {
        byte[] key = it.key();
        if (to != null && java.util.Arrays.compareUnsigned(key, to) >= 0) {
          break;
        }
        if (!step.test(it, key)) {
          break;
        }
        it.next();
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("scan " + column.familyName, e);
    }
  }

  /** Writes the batch atomically and durably (fsync of the WAL before returning). */
  void writeSynced(WriteBatch batch) {
    ensureOpen();
    try {
      rocks.write(syncWrite, batch);
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
  }

  /**
   * Writes the batch atomically into the WAL without an fsync: it survives the process being
   * killed (the OS has it), and an OS crash loses at most a suffix of such batches.
   */
  void writeUnsynced(WriteBatch batch) {
    ensureOpen();
    try {
      rocks.write(unsyncedWrite, batch);
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
  }

  /** Fsyncs the WAL: every batch written before is durable. */
  void syncWal() {
    ensureOpen();
    try {
      rocks.flushWal(true);
    } catch (RocksDBException e) {
      throw failure("WAL sync", e);
    }
  }

  void put(WriteBatch batch, Column column, byte[] key, byte[] value) {
    try {
      batch.put(handles.get(column), key, value);
    } catch (RocksDBException e) {
      throw failure("batch put " + column.familyName, e);
    }
  }

  void delete(WriteBatch batch, Column column, byte[] key) {
    try {
      batch.delete(handles.get(column), key);
    } catch (RocksDBException e) {
      throw failure("batch delete " + column.familyName, e);
    }
  }

  /** Flushes every memtable and compacts every family fully (benchmarks, maintenance). */
  void flushAndCompact() {
    ensureOpen();
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      rocks.flush(flush, new ArrayList<>(handles.values()));
      for (ColumnFamilyHandle handle : handles.values()) {
        rocks.compactRange(handle);
      }
    } catch (RocksDBException e) {
      throw failure("compact", e);
    }
  }

  long longProperty(Column column, String property) {
    ensureOpen();
    try {
      return rocks.getLongProperty(handles.get(column), property);
    } catch (RocksDBException e) {
      throw failure("property " + property, e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the store is closed");
    }
  }

  private static StoreException failure(String what, RocksDBException e) {
    return new StoreException("store " + what + " failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ColumnFamilyHandle handle : handles.values()) {
      handle.close();
    }
    syncWrite.close();
    unsyncedWrite.close();
    read.close();
    rocks.close();
    closeAll(natives);
  }

  private static void closeAll(List<AutoCloseable> natives) {
    for (int i = natives.size() - 1; i >= 0; i--) {
      try {
        natives.get(i).close();
      } catch (Exception ignored) {
        // freeing native memory cannot fail in a way we could act on
      }
    }
  }
}
