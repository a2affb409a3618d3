package io.cybergraph.store;

import io.cybergraph.proto.merkle.MerkleFrontier;
import java.nio.charset.StandardCharsets;
import org.rocksdb.WriteBatch;

/**
 * The default family's few keys: the head (latest height, link count, particle count) and the
 * links-root frontier after the latest block. All are rewritten in every block's batch, so
 * they always describe the last complete block.
 */
final class MetaTable {

  /** The store's position: what the last complete block left behind. */
  record Head(long height, long linkCount, int particleCount) {
    static final Head EMPTY = new Head(0, 0, 0);
  }

  private static final byte[] HEAD = "head".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FRONTIER = "links_frontier".getBytes(StandardCharsets.US_ASCII);

  private final Db db;

  MetaTable(Db db) {
    this.db = db;
  }

  Head head() {
    byte[] v = db.get(Column.META, HEAD);
    if (v == null) {
      return Head.EMPTY;
    }
    if (v.length != 20) {
      throw new StoreException("store meta key 'head' has " + v.length + " bytes, expected 20");
    }
    return new Head(Keys.readU64(v, 0), Keys.readU64(v, 8), Keys.readU32(v, 16));
  }

  byte[] linksFrontier() {
    byte[] v = db.get(Column.META, FRONTIER);
    return v == null ? new MerkleFrontier().toBytes() : v;
  }

  void put(WriteBatch batch, Head head, byte[] frontier) {
    byte[] v =
        java.nio.ByteBuffer.allocate(20)
            .putLong(head.height())
            .putLong(head.linkCount())
            .putInt(head.particleCount())
            .array();
    db.put(batch, Column.META, HEAD, v);
    db.put(batch, Column.META, FRONTIER, frontier);
  }
}
