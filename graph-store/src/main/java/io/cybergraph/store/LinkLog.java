package io.cybergraph.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.WriteBatch;

/**
 * The append-only link log ({@code links}: sequence → neuron, from, to, height, tx index).
 * Sequence numbers start at 0 and follow execution order across blocks, so they also order
 * links by height. The tx hash is not repeated per link: it is looked up by position.
 */
public final class LinkLog {
  static final int NEURON_BYTES = 20;
  private static final int VALUE_BYTES = NEURON_BYTES + 4 + 4 + 8 + 4;

  /** A link as stored, before its tx hash is looked up. */
  record Entry(long seq, byte[] neuron, int from, int to, long height, int txIndex) {}

  private final Db db;
  private final TxTable txs;

  LinkLog(Db db, TxTable txs) {
    this.db = db;
    this.txs = txs;
  }

  /** The link with this sequence number and its provenance. */
  public Optional<LinkRecord> get(long seq) {
    Entry e = entry(seq);
    return e == null ? Optional.empty() : Optional.of(withTxHashes(List.of(e)).get(0));
  }

  /**
   * Calls the visitor for every link with sequence ≥ {@code fromSeq}, in order (rebuilding the
   * in-memory graph at start). Reads only the log, no tx hashes.
   */
  public void replay(long fromSeq, LinkVisitor visitor) {
    db.scan(
        Column.LINKS,
        Keys.u64(Math.max(0, fromSeq)),
        null,
        (key, value) -> {
          Entry e = decode(Keys.readU64(key, 0), value);
          visitor.visit(e.seq(), e.neuron(), e.from(), e.to(), e.height());
          return true;
        });
  }

  Entry entry(long seq) {
    if (seq < 0) {
      return null;
    }
    byte[] v = db.get(Column.LINKS, Keys.u64(seq));
    return v == null ? null : decode(seq, v);
  }

  /** Entries with {@code fromSeq <= seq < toSeq}, in order. */
  List<Entry> entries(long fromSeq, long toSeq) {
    List<Entry> entries = new ArrayList<>();
    db.scan(
        Column.LINKS,
        Keys.u64(fromSeq),
        Keys.u64(toSeq),
        (key, value) -> entries.add(decode(Keys.readU64(key, 0), value)));
    return entries;
  }

  /** Full records (with tx hashes) for sequence numbers that an index returned. */
  List<LinkRecord> records(long[] seqs) {
    List<byte[]> keys = new ArrayList<>(seqs.length);
    for (long seq : seqs) {
      keys.add(Keys.u64(seq));
    }
    List<byte[]> values = db.multiGet(Column.LINKS, keys);
    List<Entry> entries = new ArrayList<>(seqs.length);
    for (int i = 0; i < seqs.length; i++) {
      if (values.get(i) == null) {
        throw new StoreException("an index names link " + seqs[i] + " which the log lacks");
      }
      entries.add(decode(seqs[i], values.get(i)));
    }
    return withTxHashes(entries);
  }

  void put(WriteBatch batch, long seq, NewLink link, long height) {
    byte[] v = java.util.Arrays.copyOf(link.neuron(), VALUE_BYTES);
    int at = NEURON_BYTES; // checked by the writer: every neuron has 20 bytes
    Keys.putU32(v, at, link.from());
    Keys.putU32(v, at + 4, link.to());
    Keys.putU64(v, at + 8, height);
    Keys.putU32(v, at + 16, link.txIndex());
    db.put(batch, Column.LINKS, Keys.u64(seq), v);
  }

  private List<LinkRecord> withTxHashes(List<Entry> entries) {
    List<TxLocation> positions = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      positions.add(new TxLocation(e.height(), e.txIndex()));
    }
    List<byte[]> hashes = txs.hashesAt(positions);
    List<LinkRecord> records = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      records.add(
          new LinkRecord(
              e.seq(), e.neuron(), e.from(), e.to(), e.height(), e.txIndex(), hashes.get(i)));
    }
    return records;
  }

  private static Entry decode(long seq, byte[] v) {
    if (v.length != VALUE_BYTES) {
      throw new StoreException("link " + seq + " has " + v.length + " bytes, expected " + VALUE_BYTES);
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    byte[] neuron = new byte[NEURON_BYTES];
    b.get(neuron);
    return new Entry(seq, neuron, b.getInt(), b.getInt(), b.getLong(), b.getInt());
  }
}
