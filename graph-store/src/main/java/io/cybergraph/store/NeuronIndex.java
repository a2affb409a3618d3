package io.cybergraph.store;

import java.nio.ByteBuffer;
import org.rocksdb.WriteBatch;

/**
 * Links by neuron ({@code links_by_neuron}: neuron ‖ seq → empty). Sequence numbers grow with
 * height, so a height range is a sequence range: no height is repeated in the key.
 */
final class NeuronIndex {
  private final Db db;

  NeuronIndex(Db db) {
    this.db = db;
  }

  /** Up to {@code limit} sequence numbers of the neuron's links with {@code from <= seq < to}. */
  long[] seqs(byte[] neuron, long fromSeq, long toSeq, int limit) {
    SeqCollector out = new SeqCollector(limit);
    if (fromSeq < toSeq) {
      db.scanKeys(Column.LINKS_BY_NEURON, key(neuron, fromSeq), key(neuron, toSeq), out);
    }
    return out.seqs();
  }

  void put(WriteBatch batch, byte[] neuron, long seq) {
    db.put(batch, Column.LINKS_BY_NEURON, key(neuron, seq), new byte[0]);
  }

  private static byte[] key(byte[] neuron, long seq) {
    byte[] key = java.util.Arrays.copyOf(neuron, neuron.length + 8);
    Keys.putU64(key, neuron.length, seq);
    return key;
  }
}
