package io.cybergraph.node.evidence;

import com.google.protobuf.ByteString;
import io.cybergraph.consensus.adaptor.SignedShape;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.pb.DuplicateVoteEvidence;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import io.cybergraph.store.EvidenceTable;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks one duplicate-vote evidence, for inclusion in the block at a given height (docs/
 * evidence.md "What counts"), in this order: shape, same validator/height/round/type,
 * prevote or precommit, distinct block ids in canonical order, height below the block and not
 * older than {@code max_age_blocks}, validator of that height's set with the matching index,
 * both signatures, not committed before. Stateless but for the store read; thread-safe.
 */
public final class EvidenceVerifier {

  private final String chainId;
  private final ValidatorSets sets;
  private final EvidenceParams params;
  private final EvidenceTable committed;

  public EvidenceVerifier(
      String chainId, ValidatorSets sets, EvidenceParams params, EvidenceTable committed) {
    this.chainId = chainId;
    this.sets = sets;
    this.params = params;
    this.committed = committed;
  }

  public EvidenceParams params() {
    return params;
  }

  /**
   * Verifies {@code evidence} for the block at {@code blockHeight}: its votes must be of a lower
   * height, at most {@code max_age_blocks} lower.
   *
   * @throws InvalidEvidenceException naming the reason
   */
  public VerifiedEvidence verify(Evidence evidence, long blockHeight)
      throws InvalidEvidenceException {
    if (!evidence.hasDuplicateVote() || !evidence.getUnknownFields().asMap().isEmpty()) {
      throw reject(Rejection.MALFORMED, "evidence is not a duplicate-vote evidence");
    }
    DuplicateVoteEvidence d = evidence.getDuplicateVote();
    if (!d.hasVoteA() || !d.hasVoteB() || !d.getUnknownFields().asMap().isEmpty()) {
      throw reject(Rejection.MALFORMED, "duplicate-vote evidence needs vote_a and vote_b");
    }
    Vote a = d.getVoteA();
    Vote b = d.getVoteB();
    checkShape(a, "vote_a");
    checkShape(b, "vote_b");
    if (!a.getValidatorAddress().equals(b.getValidatorAddress())
        || a.getValidatorIndex() != b.getValidatorIndex()
        || a.getHeight() != b.getHeight() || a.getRound() != b.getRound()
        || a.getType() != b.getType()) {
      throw reject(Rejection.NOT_SAME_VOTE_SLOT, "the votes are not of one validator (address and"
          + " index), height, round and type: " + slot(a) + " and " + slot(b));
    }
    if (a.getType() != VoteType.VOTE_TYPE_PREVOTE && a.getType() != VoteType.VOTE_TYPE_PRECOMMIT) {
      throw reject(Rejection.BAD_VOTE_TYPE, "vote type " + a.getType() + " is not prevote or precommit");
    }
    int order = Arrays.compareUnsigned(DuplicateVotes.blockIdKey(a), DuplicateVotes.blockIdKey(b));
    if (order == 0) {
      throw reject(Rejection.SAME_BLOCK_ID, "both votes of " + slot(a) + " are for the same block id");
    }
    if (order > 0) {
      throw reject(Rejection.NOT_CANONICAL_ORDER,
          "vote_a's block id must sort below vote_b's (" + slot(a) + ")");
    }
    long height = a.getHeight();
    if (height < 1 || height >= blockHeight) {
      throw reject(Rejection.UNKNOWN_HEIGHT,
          "votes of height " + height + " cannot be evidence in block " + blockHeight);
    }
    if (blockHeight - height > params.maxAgeBlocks()) {
      throw reject(Rejection.TOO_OLD, "votes of height " + height + " are older than "
          + params.maxAgeBlocks() + " blocks at height " + blockHeight);
    }
    Optional<ValidatorSet> set = sets.at(height);
    if (set.isEmpty()) {
      throw reject(Rejection.UNKNOWN_HEIGHT, "no validator set known for height " + height);
    }
    Validator validator = validatorOf(set.get(), a);
    for (Vote v : new Vote[] {a, b}) {
      byte[] signBytes = SignBytes.vote(v, chainId);
      if (!Ed25519.verify(validator.getPublicKey().toByteArray(), signBytes,
          v.getSignature().toByteArray())) {
        throw reject(Rejection.BAD_SIGNATURE, "signature of " + (v == a ? "vote_a" : "vote_b")
            + " of " + slot(a) + " does not verify");
      }
    }
    VerifiedEvidence verified = VerifiedEvidence.of(evidence, validator.getPower());
    if (committed.committedHeight(verified.key().bytes()).isPresent()) {
      throw reject(Rejection.ALREADY_COMMITTED, "evidence against " + slot(a)
          + " was committed at height " + committed.committedHeight(verified.key().bytes()).getAsLong());
    }
    return verified;
  }

  private static void checkShape(Vote v, String which) throws InvalidEvidenceException {
    if (!v.getUnknownFields().asMap().isEmpty()) {
      throw reject(Rejection.MALFORMED, which + " has unknown fields");
    }
    if (v.getRound() < 0) {
      throw reject(Rejection.MALFORMED, which + " has negative round " + v.getRound());
    }
    // lengths, and a nil block id that is empty: one encoding per pair of votes
    String problem = SignedShape.ofVote(v);
    if (problem != null) {
      throw reject(Rejection.MALFORMED, which + ": " + problem);
    }
  }

  private static Validator validatorOf(ValidatorSet set, Vote v) throws InvalidEvidenceException {
    int index = v.getValidatorIndex();
    ByteString address = v.getValidatorAddress();
    if (index < 0 || index >= set.getValidatorsCount()
        || !set.getValidators(index).getAddress().equals(address)) {
      throw reject(Rejection.UNKNOWN_VALIDATOR, "validator " + hex(address) + " is not at index "
          + index + " of the validator set of height " + v.getHeight());
    }
    return set.getValidators(index);
  }

  static String slot(Vote v) {
    return "validator " + hex(v.getValidatorAddress()) + " height " + v.getHeight() + " round "
        + v.getRound() + " " + typeName(v);
  }

  static String typeName(Vote v) {
    return switch (v.getType()) {
      case VOTE_TYPE_PREVOTE -> "prevote";
      case VOTE_TYPE_PRECOMMIT -> "precommit";
      default -> "type " + v.getTypeValue();
    };
  }

  private static String hex(ByteString b) {
    return HexFormat.of().formatHex(b.toByteArray());
  }

  private static InvalidEvidenceException reject(Rejection r, String message) {
    return new InvalidEvidenceException(r, message);
  }
}
