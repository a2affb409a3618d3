package io.cybergraph.node.sync;

import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.ValidatorSet;

/**
 * The node's commit path as block sync sees it: where the chain ends and how to add a block
 * that the validators committed. Block sync checks the commit (signatures, power, block id) and
 * the header's links to the chain before calling {@link #apply}; the applier executes the block,
 * compares its own results with the header and persists it.
 */
public interface BlockApplier {

  String chainId();

  /** The validator set that signs the next block's commit. */
  ValidatorSet validators();

  /** The latest committed height, 0 before block 1. */
  long height();

  /** The ID of the block at {@link #height()}; the default (empty) instance at height 0. */
  BlockID lastBlockId();

  /**
   * Work on a verified block that needs no state and may run ahead of {@link #apply}, on any
   * thread (block sync calls it from its verify threads): e.g. checking the txs' signatures so
   * that execution finds them verified. Must not fail: problems are for {@link #apply} to find.
   */
  default void prepare(Block block) {}

  /**
   * Told when block sync starts catching up (true) and when it first reaches its peers' height,
   * stops or halts (false). While catching up, blocks may be written without an fsync each
   * (they can be fetched again); switching back makes everything applied so far durable.
   */
  default void catchingUp(boolean catchingUp) {}

  /**
   * Executes and persists the block at {@link #height()} + 1, finalised by {@code commit}
   * (already verified).
   *
   * @throws ChainHaltException if the block does not agree with this node's own state (app hash,
   *     rank root, a failing transaction): the validators committed something this node cannot
   *     follow, and it must stop rather than fork
   */
  void apply(Block block, Commit commit);
}
