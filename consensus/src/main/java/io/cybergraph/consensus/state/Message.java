package io.cybergraph.consensus.state;

/**
 * A consensus message as the state machine sees it: already checked for signature and sender by the
 * adaptor, identified by the sender's index in the validator set of its height.
 */
public sealed interface Message permits Message.Proposal, Message.Vote {
  long height();

  int round();

  /** Index of the sender in the validator set of {@link #height()}. */
  int sender();

  /** ⟨PROPOSAL, h, r, v, vr⟩: {@code validRound} is -1 when the proposer has no valid round. */
  record Proposal(long height, int round, Value value, int validRound, int sender)
      implements Message {
    public Proposal {
      if (value == null) {
        throw new IllegalArgumentException("a proposal needs a value");
      }
    }
  }

  /** ⟨PREVOTE, h, r, id(v)⟩ or ⟨PRECOMMIT, h, r, id(v)⟩; {@code value == null} is nil. */
  record Vote(VoteType type, long height, int round, Value value, int sender) implements Message {
    public Vote {
      if (type == null) {
        throw new IllegalArgumentException("a vote needs a type");
      }
    }

    public boolean isNil() {
      return value == null;
    }
  }
}
