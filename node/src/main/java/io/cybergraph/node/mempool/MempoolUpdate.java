package io.cybergraph.node.mempool;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.tx.Refusal;
import java.util.List;

/**
 * What {@link Mempool#update} did after a block: txs removed because the block included them,
 * txs dropped because they waited longer than the TTL, txs dropped because they no longer pass
 * against the new state (with the reason), and what is left.
 */
public record MempoolUpdate(
    long height,
    int committed,
    List<ByteKey> expired,
    List<Dropped> invalid,
    int pending,
    long pendingBytes) {

  public MempoolUpdate {
    expired = List.copyOf(expired);
    invalid = List.copyOf(invalid);
  }

  /** A pending tx the recheck dropped. */
  public record Dropped(ByteKey txHash, Refusal refusal) {}
}
