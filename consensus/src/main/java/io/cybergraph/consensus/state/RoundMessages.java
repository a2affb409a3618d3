package io.cybergraph.consensus.state;

import java.util.BitSet;

/**
 * Everything received for one round of the current height: the proposal from the round's proposer
 * (the first one), the prevotes and precommits, and who sent anything at all (for the f+1
 * round-skip rule).
 */
final class RoundMessages {
  final VoteSet prevotes;
  final VoteSet precommits;
  private final ValidatorSet validators;
  private final BitSet senders = new BitSet();
  private long senderPower;
  Message.Proposal proposal;
  boolean proposalEquivocationReported;

  RoundMessages(ValidatorSet validators) {
    this.validators = validators;
    this.prevotes = new VoteSet(validators);
    this.precommits = new VoteSet(validators);
  }

  VoteSet votes(VoteType type) {
    return type == VoteType.PREVOTE ? prevotes : precommits;
  }

  void addSender(int validator) {
    if (!senders.get(validator)) {
      senders.set(validator);
      senderPower += validators.power(validator);
    }
  }

  /** f+1: the senders of any message in this round hold more than a third of the power. */
  boolean hasOneThirdSenders() {
    return validators.isOneThird(senderPower);
  }
}
