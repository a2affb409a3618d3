package io.cybergraph.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.WriteBatch;

/**
 * Focus vectors of the last heights ({@code focus}: height → 8-byte big-endian values, one per
 * particle index). The application decides which heights to keep (lag + 1) and prunes the rest
 * in the same batch.
 */
public final class FocusTable {
  private final Db db;

  FocusTable(Db db) {
    this.db = db;
  }

  /** The focus vector stored for a height. */
  public Optional<long[]> at(long height) {
    byte[] v = db.get(Column.FOCUS, Keys.u64(height));
    if (v == null) {
      return Optional.empty();
    }
    long[] values = new long[v.length / 8];
    ByteBuffer.wrap(v).asLongBuffer().get(values);
    return Optional.of(values);
  }

  /** The heights that have a stored focus vector, ascending. */
  public List<Long> heights() {
    List<Long> heights = new ArrayList<>();
    db.scanKeys(Column.FOCUS, null, null, key -> heights.add(Keys.readU64(key, 0)));
    return heights;
  }

  private static final byte[] FETCHED = "fetched_focus".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Stores a focus vector fetched from peers for a height the store has not reached yet, with
   * what it was verified against, in one synced batch (it replaces an earlier fetched one).
   */
  public void putFetched(FetchedFocus fetched, long[] values) {
    try (WriteBatch batch = new WriteBatch()) {
      put(batch, new FocusVector(fetched.height(), values));
      db.put(batch, Column.META, FETCHED, fetched.encode());
      db.writeSynced(batch);
    }
  }

  /** The last fetched focus recorded by {@link #putFetched}, if any. */
  public Optional<FetchedFocus> fetched() {
    byte[] v = db.get(Column.META, FETCHED);
    return v == null ? Optional.empty() : Optional.of(FetchedFocus.decode(v));
  }

  void put(WriteBatch batch, FocusVector focus) {
    ByteBuffer v = ByteBuffer.allocate(focus.values().length * 8);
    v.asLongBuffer().put(focus.values());
    db.put(batch, Column.FOCUS, Keys.u64(focus.height()), v.array());
  }

  void delete(WriteBatch batch, long height) {
    db.delete(batch, Column.FOCUS, Keys.u64(height));
  }
}
