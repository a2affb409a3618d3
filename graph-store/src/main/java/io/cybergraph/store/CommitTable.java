package io.cybergraph.store;

import java.util.Optional;
import org.rocksdb.WriteBatch;

/** The commit that finalised each height ({@code commits}: height → encoded Commit). */
public final class CommitTable {
  private final Db db;

  CommitTable(Db db) {
    this.db = db;
  }

  /** The encoded {@code Commit} for the block at this height. */
  public Optional<byte[]> at(long height) {
    return Optional.ofNullable(db.get(Column.COMMITS, Keys.u64(height)));
  }

  void put(WriteBatch batch, long height, byte[] commit) {
    db.put(batch, Column.COMMITS, Keys.u64(height), commit);
  }
}
