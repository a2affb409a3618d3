package io.cybergraph.node.chain;

import io.cybergraph.node.rankpipe.RankHaltException;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.node.sync.BlockApplier;
import io.cybergraph.node.sync.ChainHaltException;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.ValidatorSet;

/**
 * The node's commit path for block sync: a synced block is verified like any block (header
 * fields, app hash, the rank root of h − L once this node has computed it, every tx) and
 * committed through the same {@link BlockCommitter} as the producer's own blocks, with rank
 * computed block by block.
 */
public final class ChainBlockApplier implements BlockApplier {
  private final ChainApp app;

  public ChainBlockApplier(ChainApp app) {
    this.app = app;
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
    RankSnapshot rank;
    try {
      rank = app.awaitRank(height);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainHaltException(height, "not applied: interrupted while waiting for rank");
    } catch (RankHaltException e) {
      throw new ChainHaltException(height, "not applied: " + e.getMessage());
    }
    ChainApp.Candidate c;
    try {
      c = app.verify(block, rank);
    } catch (BlockRejectedException e) {
      throw new ChainHaltException(height, "disagrees with this node: " + e.getMessage());
    }
    app.commit(c, commit, started);
  }
}
