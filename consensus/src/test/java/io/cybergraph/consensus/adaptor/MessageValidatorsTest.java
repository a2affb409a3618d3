package io.cybergraph.consensus.adaptor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.PartSetHeader;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The vote and proposal checks with real keys and signatures: each rule refuses exactly the
 * message that breaks it, and a signed message with nothing wrong passes.
 */
class MessageValidatorsTest {
  private static final String CHAIN = "adaptor-test";
  private static final long HEIGHT = 7;

  private final byte[][] seeds = new byte[3][];
  private final HeightValidators validators;

  MessageValidatorsTest() {
    ValidatorSet.Builder set = ValidatorSet.newBuilder();
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = new byte[Ed25519.SEED_LENGTH];
      Arrays.fill(seeds[i], (byte) (i + 1));
      byte[] key = Ed25519.publicKey(seeds[i]);
      set.addValidators(
          Validator.newBuilder()
              .setAddress(ByteString.copyFrom(Address.fromPublicKey(key)))
              .setPublicKey(ByteString.copyFrom(key))
              .setPower(10));
    }
    validators = HeightValidators.of(set.build());
  }

  private static BlockID block() {
    return BlockID.newBuilder()
        .setHash(ByteString.copyFrom(new byte[32]))
        .setParts(PartSetHeader.newBuilder().setTotal(1).setHash(ByteString.copyFrom(new byte[32])))
        .build();
  }

  /** A prevote of validator 1 at HEIGHT round 0, changed by {@code edit}, then signed. */
  private Vote signedVote(UnaryOperator<Vote.Builder> edit) {
    Vote.Builder b =
        Vote.newBuilder()
            .setType(VoteType.VOTE_TYPE_PREVOTE)
            .setHeight(HEIGHT)
            .setBlockId(block())
            .setTimestampNs(1)
            .setValidatorIndex(1)
            .setValidatorAddress(validators.address(1));
    Vote unsigned = edit.apply(b).build();
    byte[] sig = Ed25519.sign(seeds[1], SignBytes.vote(unsigned, CHAIN));
    return unsigned.toBuilder().setSignature(ByteString.copyFrom(sig)).build();
  }

  private Verdict checkVote(Vote vote) {
    return new VoteValidator(CHAIN).check(vote, HEIGHT, validators);
  }

  @Test
  void aSignedVoteOfTheHeightIsAcceptedAndEachBrokenRuleRefusesIt() {
    assertEquals(Verdict.ACCEPTED, checkVote(signedVote(b -> b)));
    assertEquals(Verdict.ACCEPTED, checkVote(signedVote(b -> b.clearBlockId())), "nil");
    assertEquals(Verdict.Kind.OTHER_HEIGHT, checkVote(signedVote(b -> b.setHeight(8))).kind());
    assertEquals(
        Verdict.invalid("vote type VOTE_TYPE_PROPOSAL is not prevote or precommit"),
        checkVote(signedVote(b -> b.setType(VoteType.VOTE_TYPE_PROPOSAL))));
    assertEquals(Verdict.invalid("negative round -1"), checkVote(signedVote(b -> b.setRound(-1))));
    assertEquals(
        Verdict.invalid("no validator at index 3"),
        checkVote(signedVote(b -> b.setValidatorIndex(3))));
    assertEquals(
        Verdict.invalid("validator address does not match index 1"),
        checkVote(signedVote(b -> b.setValidatorAddress(validators.address(2)))));
    assertEquals(
        Verdict.invalid("part set hash must be 32 bytes"),
        checkVote(signedVote(b -> b.setBlockId(block().toBuilder().setParts(
            PartSetHeader.newBuilder().setTotal(1))))));
    Vote forged = signedVote(b -> b).toBuilder().setTimestampNs(2).build();
    assertEquals(Verdict.invalid("bad signature of validator 1"), checkVote(forged));
  }

  /**
   * A nil vote's sign bytes leave its block id out, so parts in it would be bytes nobody signed:
   * the same signature would then stand for two encodings of one vote.
   */
  @Test
  void aNilVoteWhoseBlockIdCarriesPartsIsRefused() {
    Vote nilWithParts =
        signedVote(b -> b.setBlockId(BlockID.newBuilder().setParts(block().getParts())));
    assertEquals(Verdict.invalid("a nil block id carries parts"), checkVote(nilWithParts));
  }

  /** The sizes the reactor and the evidence verifier both check before keeping a vote. */
  @Test
  void signedShapeNamesTheFirstFieldOfAWrongLength() {
    Vote ok = signedVote(b -> b);
    assertEquals(null, SignedShape.ofVote(ok));
    assertEquals("address of 19 bytes (20)", SignedShape.ofVote(ok.toBuilder()
        .setValidatorAddress(ok.getValidatorAddress().substring(1)).build()));
    assertEquals("signature of 65 bytes (64)", SignedShape.ofVote(ok.toBuilder()
        .setSignature(ok.getSignature().concat(ByteString.copyFrom(new byte[1]))).build()));
    assertEquals("a nil block id carries parts", SignedShape.ofVote(ok.toBuilder()
        .setBlockId(BlockID.newBuilder().setParts(block().getParts())).build()));
  }

  private Proposal signedProposal(int round, UnaryOperator<Proposal.Builder> edit) {
    int proposer = validators.machineSet().proposer(HEIGHT, round);
    Proposal.Builder b =
        Proposal.newBuilder()
            .setHeight(HEIGHT)
            .setRound(round)
            .setPolRound(-1)
            .setBlockId(block())
            .setTimestampNs(1)
            .setProposerAddress(validators.address(proposer));
    Proposal unsigned = edit.apply(b).build();
    byte[] sig = Ed25519.sign(seeds[proposer], SignBytes.proposal(unsigned, CHAIN));
    return unsigned.toBuilder().setSignature(ByteString.copyFrom(sig)).build();
  }

  private Verdict checkProposal(Proposal proposal) {
    return new ProposalValidator(CHAIN).check(proposal, HEIGHT, validators);
  }

  @Test
  void aSignedProposalOfTheRoundsProposerIsAcceptedAndEachBrokenRuleRefusesIt() {
    assertEquals(Verdict.ACCEPTED, checkProposal(signedProposal(1, b -> b)));
    assertEquals(Verdict.ACCEPTED, checkProposal(signedProposal(1, b -> b.setPolRound(0))));
    assertEquals(
        Verdict.Kind.OTHER_HEIGHT, checkProposal(signedProposal(1, b -> b.setHeight(6))).kind());
    assertEquals(
        Verdict.invalid("pol_round 1 not in [-1, 1)"),
        checkProposal(signedProposal(1, b -> b.setPolRound(1))));
    assertEquals(
        Verdict.invalid("a proposal needs a block id"),
        checkProposal(signedProposal(1, b -> b.clearBlockId())));
    assertEquals(
        Verdict.invalid("a block has at least one part"),
        checkProposal(signedProposal(1, b -> b.setBlockId(block().toBuilder().setParts(
            block().getParts().toBuilder().setTotal(0))))));
    int other = (validators.machineSet().proposer(HEIGHT, 1) + 1) % seeds.length;
    assertEquals(
        Verdict.invalid("not the proposer of round 1"),
        checkProposal(signedProposal(1, b -> b.setProposerAddress(validators.address(other)))));
    Proposal forged = signedProposal(1, b -> b).toBuilder().setPolRound(0).build();
    assertEquals(Verdict.invalid("bad proposal signature"), checkProposal(forged));
  }
}
