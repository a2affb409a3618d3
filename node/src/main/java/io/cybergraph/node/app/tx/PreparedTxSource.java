package io.cybergraph.node.app.tx;

import io.cybergraph.node.app.ByteKey;

/**
 * Txs already prepared elsewhere (the mempool's pending txs), so a block carrying them skips
 * their decoding, signature and CID checks. A tx hash covers all the bytes those checks read.
 */
@FunctionalInterface
public interface PreparedTxSource {
  /** No txs known. */
  PreparedTxSource NONE = hash -> null;

  /** The prepared tx with this hash, or null. Must be safe to call from any thread. */
  PreparedTx find(ByteKey txHash);
}
