package io.cybergraph.node.chain;

import io.cybergraph.node.rankpipe.RankHaltException;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.node.sync.BlockApplier;
import io.cybergraph.node.sync.ChainHaltException;
import io.cybergraph.node.sync.PreparedAhead;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.ValidatorSet;

/**
 * The node's commit path for block sync: a synced block is verified like any block (header
 * fields, app hash, the rank root of h − L once this node has computed it, every tx) and
 * committed through the same {@link BlockCommitter} as the producer's own blocks, with rank
 * computed block by block. Its txs are prepared ahead on block sync's verify threads ({@link
 * PreparedAhead}, the executor's source of prepared txs).
 */
public final class ChainBlockApplier implements BlockApplier {
  /** While catching up, only every this many heights' batch is fsynced (docs/sync.md). */
  public static final int CATCH_UP_SYNC_EVERY = 100;

  private final ChainApp app;
  private final PreparedAhead ahead;
  private final BlockCommitter committer; // null: every block synced

  /** Without preparing ahead (execution prepares every tx itself). */
  public ChainBlockApplier(ChainApp app) {
    this(app, null, null);
  }

  /**
   * @param ahead where {@link #prepare} puts txs for the executor to find, or null
   * @param committer the node's committer, switched to unsynced writes while catching up (null:
   *     every block is written synced)
   */
  public ChainBlockApplier(ChainApp app, PreparedAhead ahead, BlockCommitter committer) {
    this.app = app;
    this.ahead = ahead;
    this.committer = committer;
  }

  @Override
  public void catchingUp(boolean catchingUp) {
    if (committer != null) {
      committer.syncEvery(catchingUp ? CATCH_UP_SYNC_EVERY : 1);
    }
  }

  @Override
  public void prepare(Block block) {
    if (ahead != null) {
      ahead.prepare(block);
    }
  }

  @Override
  public String chainId() {
    return app.assembler().chainId();
  }

  @Override
  public ValidatorSet validators() {
    return app.assembler().validators();
  }

  @Override
  public long height() {
    return app.head().height();
  }

  @Override
  public BlockID lastBlockId() {
    return app.head().blockId();
  }

  @Override
  public void apply(Block block, Commit commit) {
    long height = app.head().height() + 1;
    long started = System.nanoTime();
    if (app.rankSkipped(height)) {
      ChainApp.Candidate c = null;
      try {
        c = app.verifyWithCommittedRank(block);
      } catch (BlockRejectedException e) {
        String reason = e.getMessage().replaceFirst("^block \\d+ rejected: ", "");
        throw new ChainHaltException(height, "disagrees with this node: " + reason);
      } finally {
        forget(block, c);
      }
      app.commit(c, commit, started);
      return;
    }
    RankSnapshot rank;
    try {
      rank = app.awaitRank(height);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainHaltException(height, "not applied: interrupted while waiting for rank");
    } catch (RankHaltException e) {
      throw new ChainHaltException(height, "not applied: " + e.getMessage());
    }
    ChainApp.Candidate c = null;
    try {
      c = app.verify(block, rank);
    } catch (BlockRejectedException e) {
      String reason = e.getMessage().replaceFirst("^block \\d+ rejected: ", "");
      throw new ChainHaltException(height, "disagrees with this node: " + reason);
    } finally {
      forget(block, c);
    }
    app.commit(c, commit, started);
  }

  /**
   * Drops the block's txs prepared ahead: by the tx hashes its execution computed when it
   * verified ({@code candidate} not null), else by hashing its txs again.
   */
  private void forget(Block block, ChainApp.Candidate candidate) {
    if (ahead == null) {
      return;
    }
    if (candidate != null) {
      ahead.forget(candidate.execution().txHashes());
    } else {
      ahead.forget(block);
    }
  }
}
