package io.cybergraph.consensus.adaptor;

import io.cybergraph.consensus.state.Message;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.pb.Proposal;

/**
 * Checks a protocol {@link Proposal} for the current height and converts it to the machine's {@link
 * Message.Proposal}: round, valid round (-1 or below the round), a well-formed non-nil block id,
 * the sender being the round's proposer, and the Ed25519 signature over {@link SignBytes#proposal}.
 */
public final class ProposalValidator {
  private final String chainId;

  public ProposalValidator(String chainId) {
    this.chainId = chainId;
  }

  /** The verdict; when accepted, {@link #toMessage} converts the proposal. */
  public Verdict check(Proposal proposal, long height, HeightValidators validators) {
    if (proposal.getHeight() != height) {
      return Verdict.otherHeight("proposal of height " + proposal.getHeight() + ", at " + height);
    }
    int round = proposal.getRound();
    if (round < 0) {
      return Verdict.invalid("negative round " + round);
    }
    if (proposal.getPolRound() < -1 || proposal.getPolRound() >= round) {
      return Verdict.invalid("pol_round " + proposal.getPolRound() + " not in [-1, " + round + ")");
    }
    if (SignBytes.isNil(proposal.getBlockId())) {
      return Verdict.invalid("a proposal needs a block id");
    }
    String problem = BlockIds.problem(proposal.getBlockId());
    if (problem != null) {
      return Verdict.invalid(problem);
    }
    int proposer = validators.machineSet().proposer(height, round);
    if (!validators.address(proposer).equals(proposal.getProposerAddress())) {
      return Verdict.invalid("not the proposer of round " + round);
    }
    byte[] signBytes = SignBytes.proposal(proposal, chainId);
    if (!Ed25519.verify(
        validators.publicKey(proposer), signBytes, proposal.getSignature().toByteArray())) {
      return Verdict.invalid("bad proposal signature");
    }
    return Verdict.ACCEPTED;
  }

  /** The machine's form of a proposal that passed {@link #check}. */
  public static Message.Proposal toMessage(Proposal proposal, HeightValidators validators) {
    return new Message.Proposal(
        proposal.getHeight(),
        proposal.getRound(),
        BlockIds.toValue(proposal.getBlockId()),
        proposal.getPolRound(),
        validators.machineSet().proposer(proposal.getHeight(), proposal.getRound()));
  }
}
