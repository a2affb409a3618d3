package io.cybergraph.consensus.adaptor;

import io.cybergraph.consensus.state.Message;
import io.cybergraph.consensus.state.VoteType;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.pb.Vote;

/**
 * Checks a protocol {@link Vote} for the current height and converts it to the machine's {@link
 * Message.Vote}: type, height, round, validator index and address, block id shape, and the Ed25519
 * signature over {@link SignBytes#vote}.
 */
public final class VoteValidator {
  private final String chainId;

  public VoteValidator(String chainId) {
    this.chainId = chainId;
  }

  /** The verdict; when accepted, {@link #toMessage} converts the vote. */
  public Verdict check(Vote vote, long height, HeightValidators validators) {
    Verdict form = checkForm(vote, height, validators);
    return form.accepted() ? checkSignature(vote, validators) : form;
  }

  /**
   * Every rule but the signature, which is the costly one: a caller may drop a well-formed vote
   * it would not keep anyway before paying for it.
   */
  public Verdict checkForm(Vote vote, long height, HeightValidators validators) {
    if (vote.getType() != io.cybergraph.proto.pb.VoteType.VOTE_TYPE_PREVOTE
        && vote.getType() != io.cybergraph.proto.pb.VoteType.VOTE_TYPE_PRECOMMIT) {
      return Verdict.invalid("vote type " + vote.getType() + " is not prevote or precommit");
    }
    if (vote.getHeight() != height) {
      return Verdict.otherHeight("vote of height " + vote.getHeight() + ", at " + height);
    }
    if (vote.getRound() < 0) {
      return Verdict.invalid("negative round " + vote.getRound());
    }
    int index = vote.getValidatorIndex();
    if (index < 0 || index >= validators.size()) {
      return Verdict.invalid("no validator at index " + index);
    }
    if (!validators.address(index).equals(vote.getValidatorAddress())) {
      return Verdict.invalid("validator address does not match index " + index);
    }
    String problem = BlockIds.voteProblem(vote.getBlockId());
    if (problem != null) {
      return Verdict.invalid(problem);
    }
    return Verdict.ACCEPTED;
  }

  /** The Ed25519 signature of a vote that passed {@link #checkForm}. */
  public Verdict checkSignature(Vote vote, HeightValidators validators) {
    int index = vote.getValidatorIndex();
    byte[] signBytes = SignBytes.vote(vote, chainId);
    if (!Ed25519.verify(
        validators.publicKey(index), signBytes, vote.getSignature().toByteArray())) {
      return Verdict.invalid("bad signature of validator " + index);
    }
    return Verdict.ACCEPTED;
  }

  /** The machine's form of a vote that passed {@link #check}. */
  public static Message.Vote toMessage(Vote vote) {
    VoteType type =
        vote.getType() == io.cybergraph.proto.pb.VoteType.VOTE_TYPE_PREVOTE
            ? VoteType.PREVOTE
            : VoteType.PRECOMMIT;
    return new Message.Vote(
        type,
        vote.getHeight(),
        vote.getRound(),
        BlockIds.toValue(vote.getBlockId()),
        vote.getValidatorIndex());
  }
}
