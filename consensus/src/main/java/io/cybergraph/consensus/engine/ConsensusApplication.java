package io.cybergraph.consensus.engine;

import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.DuplicateVoteEvidence;

/**
 * What consensus asks of the application. Questions are answered later through the engine ({@link
 * ConsensusEngine#onValue}, {@link ConsensusEngine#onValidity}), from any code path that feeds the
 * engine's thread.
 */
public interface ConsensusApplication {
  /** Build the block we propose at (height, round): answer with its id (getValue()). */
  void requestValue(long height, int round);

  /** Is the block with this id valid at this height? (valid(v); fetch its parts if needed) */
  void checkValidity(long height, BlockID blockId);

  /**
   * {@code commit.block_id} is decided at {@code commit.height}: commit it, then call {@link
   * ConsensusEngine#endHeight} and start the next height.
   */
  void decided(Commit commit);

  /** A validator signed two different votes for one height, round and type. */
  void evidence(DuplicateVoteEvidence evidence);

  /** Informational: the engine entered a round (logs, metrics). */
  default void roundStarted(long height, int round) {}
}
