package io.cybergraph.node.sync;

import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;

/**
 * Checks that a commit proves a block final: its precommits, each a valid signature of a
 * distinct validator of the set for exactly this block, carry more than 2/3 of the voting
 * power (design "Vote"; sign bytes per {@link SignBytes#vote}).
 *
 * <p>Strict: one bad precommit (wrong type, height, round or block, unknown index, address not
 * the validator's at that index, repeated validator, bad signature) refuses the whole commit,
 * since an honest node never sends one. Thread-safe (immutable).
 */
public final class CommitVerifier {
  private final String chainId;
  private final ValidatorSet validators;
  private final long totalPower;

  public CommitVerifier(String chainId, ValidatorSet validators) {
    if (validators.getValidatorsCount() == 0) {
      throw new IllegalArgumentException("the validator set is empty");
    }
    long total = 0;
    for (Validator v : validators.getValidatorsList()) {
      if (v.getPower() <= 0) {
        throw new IllegalArgumentException("validator power must be > 0, got " + v.getPower());
      }
      total = Math.addExact(total, v.getPower());
    }
    this.chainId = chainId;
    this.validators = validators;
    this.totalPower = total;
  }

  public long totalPower() {
    return totalPower;
  }

  /**
   * Verifies that {@code commit} finalises the block {@code blockId} at {@code height}.
   *
   * @return the power that signed it
   * @throws InvalidCommitException saying what is wrong
   */
  public long verify(Commit commit, long height, BlockID blockId) {
    if (commit.getHeight() != height) {
      throw new InvalidCommitException("commit is for height " + commit.getHeight()
          + ", expected " + height);
    }
    if (commit.getRound() < 0) {
      throw new InvalidCommitException("commit round is negative: " + commit.getRound());
    }
    if (!commit.getBlockId().equals(blockId)) {
      throw new InvalidCommitException("commit is for another block (" + Hex.of(commit.getBlockId())
          + "), the block's id is " + Hex.of(blockId));
    }
    int count = commit.getPrecommitsCount();
    if (count == 0 || count > validators.getValidatorsCount()) {
      throw new InvalidCommitException("commit has " + count + " precommits, the set has "
          + validators.getValidatorsCount() + " validators");
    }
    boolean[] seen = new boolean[validators.getValidatorsCount()];
    long power = 0;
    for (int i = 0; i < count; i++) {
      Vote vote = commit.getPrecommits(i);
      String which = "precommit " + i;
      if (vote.getType() != VoteType.VOTE_TYPE_PRECOMMIT) {
        throw new InvalidCommitException(which + " has type " + vote.getType());
      }
      if (vote.getHeight() != height || vote.getRound() != commit.getRound()) {
        throw new InvalidCommitException(which + " is for height " + vote.getHeight()
            + " round " + vote.getRound() + ", the commit for height " + height + " round "
            + commit.getRound());
      }
      if (!vote.getBlockId().equals(blockId)) {
        throw new InvalidCommitException(which + " is for another block");
      }
      int index = vote.getValidatorIndex();
      if (index < 0 || index >= seen.length) {
        throw new InvalidCommitException(which + " has validator index " + index + ", the set has "
            + seen.length);
      }
      if (seen[index]) {
        throw new InvalidCommitException(which + " repeats validator " + index);
      }
      seen[index] = true;
      Validator validator = validators.getValidators(index);
      if (!vote.getValidatorAddress().equals(validator.getAddress())) {
        throw new InvalidCommitException(which + " names address "
            + Hex.of(vote.getValidatorAddress()) + ", validator " + index + " is "
            + Hex.of(validator.getAddress()));
      }
      if (!Ed25519.verify(validator.getPublicKey().toByteArray(), SignBytes.vote(vote, chainId),
          vote.getSignature().toByteArray())) {
        throw new InvalidCommitException(which + " (validator " + index
            + ") has an invalid signature");
      }
      power += validator.getPower();
    }
    // power and totalPower are at most 2^60 (genesis), so 3 * power cannot overflow
    if (3 * power <= 2 * totalPower) {
      throw new InvalidCommitException("commit carries power " + power + " of " + totalPower
          + ", more than 2/3 is needed");
    }
    return power;
  }
}
