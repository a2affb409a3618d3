package io.cybergraph.store;

import java.nio.ByteBuffer;
import org.rocksdb.WriteBatch;

/**
 * Links by particle in one direction: {@code links_out} (from ‖ to ‖ seq → empty) or
 * {@code links_in} (to ‖ from ‖ seq → empty). Particles are 4-byte indices, never keys. Putting
 * the other end before the sequence number makes "who linked this pair" a prefix scan of
 * {@code links_out}, so no separate pair index is needed; the price is that a particle's links
 * come grouped by the other end (then by sequence), not in pure sequence order.
 */
final class ParticleLinkIndex {
  private final Db db;
  private final Column column;

  private ParticleLinkIndex(Db db, Column column) {
    this.db = db;
    this.column = column;
  }

  static ParticleLinkIndex out(Db db) {
    return new ParticleLinkIndex(db, Column.LINKS_OUT);
  }

  static ParticleLinkIndex in(Db db) {
    return new ParticleLinkIndex(db, Column.LINKS_IN);
  }

  /**
   * Up to {@code limit} links of {@code particle}, ordered by (other end, seq), starting strictly
   * after the position (afterOther, afterSeq); {@code afterSeq = -1} with any afterOther starts
   * at that other end's first link.
   */
  long[] seqs(int particle, int afterOther, long afterSeq, int limit) {
    SeqCollector out = new SeqCollector(limit);
    db.scanKeys(column, key(particle, afterOther, afterSeq + 1), prefixEnd(particle), out);
    return out.seqs();
  }

  /** Up to {@code limit} links between {@code particle} and {@code other} after {@code afterSeq}. */
  long[] pairSeqs(int particle, int other, long afterSeq, int limit) {
    SeqCollector out = new SeqCollector(limit);
    db.scanKeys(column, key(particle, other, afterSeq + 1), key(particle, other + 1, 0), out);
    return out.seqs();
  }

  void put(WriteBatch batch, int particle, int other, long seq) {
    db.put(batch, column, key(particle, other, seq), new byte[0]);
  }

  private static byte[] key(int particle, int other, long seq) {
    byte[] key = new byte[16];
    Keys.putU32(key, 0, particle);
    Keys.putU32(key, 4, other);
    Keys.putU64(key, 8, seq);
    return key;
  }

  /**
   * The first key after every key of {@code particle}. Indices are non-negative ints, so even
   * {@code Integer.MAX_VALUE + 1} (0x80000000) sorts after them as unsigned bytes.
   */
  private static byte[] prefixEnd(int particle) {
    return ByteBuffer.allocate(4).putInt(particle + 1).array();
  }
}
