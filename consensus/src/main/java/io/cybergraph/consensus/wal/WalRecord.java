package io.cybergraph.consensus.wal;

import io.cybergraph.consensus.state.Action;
import io.cybergraph.consensus.state.Step;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;

/**
 * One record of the consensus write-ahead log. Inputs carry the time ({@code timeNs}) the node gave
 * with them, so a replay feeds the machine exactly what it saw, and our own messages come out with
 * the same timestamps (hence the same sign bytes) as before the crash.
 */
public sealed interface WalRecord
    permits WalRecord.Input,
        WalRecord.OwnProposal,
        WalRecord.OwnVote,
        WalRecord.ActionTaken,
        WalRecord.EndHeight {

  /** Inputs: what the machine was fed. Replay feeds these again. */
  sealed interface Input extends WalRecord
      permits HeightStarted,
          ProposalReceived,
          VoteReceived,
          TimeoutFired,
          ValueReady,
          ValidityChecked {
    long timeNs();
  }

  /** Consensus on {@code height} began with these validators. */
  record HeightStarted(long timeNs, long height, ValidatorSet validators) implements Input {}

  /** A proposal from the network, as received (signed). */
  record ProposalReceived(long timeNs, Proposal proposal) implements Input {}

  /** A vote from the network, as received (signed). */
  record VoteReceived(long timeNs, Vote vote) implements Input {}

  /** A scheduled timeout expired. */
  record TimeoutFired(long timeNs, long height, int round, Step step) implements Input {}

  /** The application's value for our proposal ({@code blockId}: encoded BlockID). */
  record ValueReady(long timeNs, long height, int round, byte[] blockId) implements Input {}

  /** The application's validity answer for a value ({@code blockId}: encoded BlockID). */
  record ValidityChecked(long timeNs, long height, byte[] blockId, boolean valid)
      implements Input {}

  /** Our signed proposal; synced to disk before it is sent. */
  record OwnProposal(Proposal proposal) implements WalRecord {}

  /** Our signed vote; synced to disk before it is sent. */
  record OwnVote(Vote vote) implements WalRecord {}

  /** Any other action the machine took (broadcasts are {@link OwnProposal}/{@link OwnVote}). */
  record ActionTaken(Action action) implements WalRecord {}

  /** The application has committed {@code height}; replay starts after the last such marker. */
  record EndHeight(long height) implements WalRecord {}
}
