package io.cybergraph.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.rocksdb.WriteBatch;

/**
 * Evidence of validator misbehaviour: committed ({@code evidence}: block height u64 ‖ hash →
 * encoded Evidence), committed by equivocation key ({@code evidence_by_key}: key → block height
 * u64 ‖ hash, for dedup), and the node's pending pool ({@code evidence_pending}: key → encoded
 * Evidence). Committed evidence is written, and its pending entry deleted, in the block's batch;
 * the pool's own additions and removals are single synced writes.
 */
public final class EvidenceTable {
  private static final int HASH_BYTES = 32;

  private final Db db;

  EvidenceTable(Db db) {
    this.db = db;
  }

  /** The block height that committed evidence with this equivocation key. */
  public OptionalLong committedHeight(byte[] key) {
    byte[] v = db.get(Column.EVIDENCE_BY_KEY, key);
    return v == null ? OptionalLong.empty() : OptionalLong.of(Keys.readU64(v, 0));
  }

  /** The evidence committed in the block at {@code height}, in hash order. */
  public List<CommittedEvidence> at(long height) {
    return page(height, height, null, Integer.MAX_VALUE);
  }

  /**
   * Committed evidence of the blocks {@code fromHeight..toHeight}, ordered by block height then
   * hash, at most {@code limit}, strictly after the entry {@code after} (its height and hash,
   * or null to start at {@code fromHeight}).
   */
  public List<CommittedEvidence> page(
      long fromHeight, long toHeight, CommittedEvidence after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    List<CommittedEvidence> out = new ArrayList<>();
    if (toHeight < fromHeight) {
      return out;
    }
    byte[] from = Keys.u64(fromHeight);
    byte[] skip = null;
    if (after != null) {
      skip = key(after.height(), after.hash());
      if (Arrays.compareUnsigned(skip, from) >= 0) {
        from = skip;
      }
    }
    byte[] to = toHeight == Long.MAX_VALUE ? null : Keys.u64(toHeight + 1);
    byte[] skipKey = skip;
    db.scan(Column.EVIDENCE, from, to, (key, value) -> {
      if (skipKey != null && Arrays.equals(key, skipKey)) {
        return true;
      }
      out.add(new CommittedEvidence(Keys.readU64(key, 0), Arrays.copyOfRange(key, 8, key.length), value));
      return out.size() < limit;
    });
    return out;
  }

  /** The pending pool, in key order (validator, height, round, type). */
  public List<NewEvidence> pending() {
    List<NewEvidence> out = new ArrayList<>();
    db.scan(Column.EVIDENCE_PENDING, null, null, (key, value) -> {
      out.add(new NewEvidence(key, io.cybergraph.proto.crypto.Hashes.sha256(value), value));
      return true;
    });
    return out;
  }

  /** The pending evidence with this key. */
  public Optional<byte[]> pending(byte[] key) {
    return Optional.ofNullable(db.get(Column.EVIDENCE_PENDING, key));
  }

  /** Adds to the pending pool (synced). */
  public void putPending(NewEvidence e) {
    requireKey(e.key());
    try (WriteBatch batch = new WriteBatch()) {
      db.put(batch, Column.EVIDENCE_PENDING, e.key(), e.evidence());
      db.writeSynced(batch);
    }
  }

  /** Removes from the pending pool (synced). */
  public void deletePending(byte[] key) {
    try (WriteBatch batch = new WriteBatch()) {
      db.delete(batch, Column.EVIDENCE_PENDING, key);
      db.writeSynced(batch);
    }
  }

  void putCommitted(WriteBatch batch, long height, NewEvidence e) {
    byte[] key = key(height, e.hash());
    db.put(batch, Column.EVIDENCE, key, e.evidence());
    db.put(batch, Column.EVIDENCE_BY_KEY, e.key(), key);
    db.delete(batch, Column.EVIDENCE_PENDING, e.key());
  }

  static void requireKey(byte[] key) {
    if (key.length != NewEvidence.KEY_BYTES) {
      throw new IllegalArgumentException(
          "evidence key has " + key.length + " bytes, expected " + NewEvidence.KEY_BYTES);
    }
  }

  private static byte[] key(long height, byte[] hash) {
    if (hash.length != HASH_BYTES) {
      throw new IllegalArgumentException("evidence hash has " + hash.length + " bytes, expected 32");
    }
    byte[] key = new byte[8 + HASH_BYTES];
    System.arraycopy(Keys.u64(height), 0, key, 0, 8);
    System.arraycopy(hash, 0, key, 8, HASH_BYTES);
    return key;
  }
}
