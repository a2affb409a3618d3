package io.cybergraph.node.sync;

import com.google.protobuf.ByteString;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.tx.PreparedTx;
import io.cybergraph.node.app.tx.PreparedTxSource;
import io.cybergraph.node.app.tx.TxPreparer;
import io.cybergraph.node.app.tx.TxRefusedException;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.pb.Block;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Txs of synced blocks prepared (decoded, signature and CIDs checked) on the verify threads
 * before their block is applied, so execution on the apply thread skips that work ({@link
 * io.cybergraph.node.app.BlockExecutor} reads them as its {@link PreparedTxSource}). Bounded: past
 * {@code capacity} txs nothing more is kept and execution prepares them itself.
 */
public final class PreparedAhead implements PreparedTxSource {
  private final TxPreparer preparer;
  private final PreparedTxSource fallback;
  private final int capacity;
  private final ConcurrentHashMap<ByteKey, PreparedTx> txs = new ConcurrentHashMap<>();

  /**
   * @param fallback where else prepared txs may be found (the mempool), or {@link
   *     PreparedTxSource#NONE}
   */
  public PreparedAhead(TxPreparer preparer, PreparedTxSource fallback, int capacity) {
    this.preparer = preparer;
    this.fallback = fallback;
    this.capacity = capacity;
  }

  /** Prepares the block's txs; one that fails is left for execution to refuse. */
  public void prepare(Block block) {
    for (ByteString raw : block.getData().getTxsList()) {
      if (txs.size() >= capacity) {
        return;
      }
      try {
        PreparedTx tx = preparer.prepare(raw.toByteArray());
        txs.put(tx.hash(), tx);
      } catch (TxRefusedException e) {
        return;
      }
    }
  }

  /** Forgets the txs of a block that was applied (or will not be). */
  public void forget(Block block) {
    for (ByteString raw : block.getData().getTxsList()) {
      txs.remove(ByteKey.of(Hashes.sha256(raw.toByteArray())));
    }
  }

  /** Forgets the txs with these hashes (a block's, hashed already by its execution). */
  public void forget(List<ByteKey> txHashes) {
    for (ByteKey hash : txHashes) {
      txs.remove(hash);
    }
  }

  @Override
  public PreparedTx find(ByteKey txHash) {
    PreparedTx tx = txs.get(txHash);
    return tx != null ? tx : fallback.find(txHash);
  }

  int size() {
    return txs.size();
  }
}
