package io.cybergraph.node.app;

import io.cybergraph.node.app.tx.Refusal;
import java.util.List;

/**
 * What a proposer may put in a block: the txs that executed, in order, with the execution they
 * give (equal to executing {@code txs} with {@link BlockExecutor#execute}), and the candidates it
 * left out with the reason.
 */
public record ProposedBlock(List<byte[]> txs, BlockExecution execution, List<Skipped> skipped) {

  public ProposedBlock {
    txs = List.copyOf(txs);
    skipped = List.copyOf(skipped);
  }

  /** A candidate left out: failed, or did not fit the block's limits (it may fit a later one). */
  public record Skipped(ByteKey txHash, Refusal refusal) {}
}
