package io.cybergraph.node.chain;

import io.cybergraph.node.app.BlockExecution;
import io.cybergraph.node.mempool.MempoolUpdate;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.proto.pb.Block;

/**
 * A block that is now committed (stored, applied, mempool updated), for whoever follows the
 * chain: RPC waiters, metrics, the log.
 *
 * @param head the new chain head (this block)
 * @param block the block
 * @param blockBytes its encoded size in bytes
 * @param execution what it changed
 * @param mempool what the mempool update did
 * @param rank the focus whose root the header carries (height {@code rank_height})
 * @param intervalNanos header time since the previous block (0 at height 1)
 * @param commitNanos wall time of making and committing it (informative)
 * @param catchingUp whether block sync is catching up (hundreds of blocks a second: the log
 *     shows its progress line instead of a line per block)
 */
public record BlockCommitted(
    ChainHead head,
    Block block,
    int blockBytes,
    BlockExecution execution,
    MempoolUpdate mempool,
    RankSnapshot rank,
    long intervalNanos,
    long commitNanos,
    boolean catchingUp) {

  public long height() {
    return head.height();
  }
}
