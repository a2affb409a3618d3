package io.cybergraph.node.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.DuplicateVoteEvidence;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.PartSetHeader;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.StoreOptions;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rejection reason of {@link EvidenceVerifier}, and what passes. */
class EvidenceVerifierTest {
  private static final int BASE = 30;
  private static final KeyPair V1 = TestChain.key(BASE + 1);
  private static final ValidatorSet SET = Votes.set(BASE, 3);

  @TempDir Path dir;
  private ChainStore store;
  private final AtomicLong latest = new AtomicLong(20);
  private EvidenceVerifier verifier;

  @BeforeEach
  void open() {
    store = ChainStore.open(dir.resolve("store"), new StoreOptions(8 << 20, 8 << 20));
    verifier = new EvidenceVerifier(Votes.CHAIN_ID, ValidatorSets.fixed(SET, latest::get),
        new EvidenceParams(10, 5), store.evidence());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Vote vote(String block) {
    return Votes.vote(V1, 1, VoteType.VOTE_TYPE_PREVOTE, 15, 2, block);
  }

  private static Evidence raw(Vote a, Vote b) {
    return Evidence.newBuilder()
        .setDuplicateVote(DuplicateVoteEvidence.newBuilder().setVoteA(a).setVoteB(b)).build();
  }

  private void assertRejected(Rejection expected, Evidence e, long blockHeight) {
    InvalidEvidenceException ex =
        assertThrows(InvalidEvidenceException.class, () -> verifier.verify(e, blockHeight));
    assertEquals(expected, ex.rejection(), ex.getMessage());
  }

  /** The conflicting pair with {@code change} applied to vote b, re-signed, canonical order. */
  private static Evidence withB(UnaryOperator<Vote.Builder> change) {
    Vote b = Votes.resign(change.apply(vote("B").toBuilder()).build(), V1);
    return raw(vote("A"), b);
  }

  @Test
  void conflictingVotesOfAValidatorAreEvidenceInEitherOrderAndKeyedByTheirSlot() throws Exception {
    Evidence e = DuplicateVotes.evidence(vote("B"), vote("A"));
    assertEquals(e, DuplicateVotes.evidence(vote("A"), vote("B")), "one canonical form");
    VerifiedEvidence v = verifier.verify(e, 16);
    assertEquals(15, v.height());
    assertEquals(10, v.power());
    assertArrayEquals(DuplicateVotes.key(vote("A")), v.key().bytes());
    // nil against a block is a conflict too; nil sorts first
    Evidence nil = DuplicateVotes.evidence(vote("A"), vote(null));
    assertEquals(ByteString.EMPTY, nil.getDuplicateVote().getVoteA().getBlockId().getHash());
    verifier.verify(nil, 25);
  }

  @Test
  void shapeErrorsAreMalformed() {
    assertRejected(Rejection.MALFORMED, Evidence.getDefaultInstance(), 16);
    assertRejected(Rejection.MALFORMED, Evidence.newBuilder()
        .setDuplicateVote(DuplicateVoteEvidence.newBuilder().setVoteA(vote("A"))).build(), 16);
    Vote shortSig = vote("B").toBuilder().setSignature(ByteString.copyFrom(new byte[10])).build();
    assertRejected(Rejection.MALFORMED, raw(vote("A"), shortSig), 16);
    assertRejected(Rejection.MALFORMED, withB(b -> b.setRound(-1)), 16);
    assertRejected(Rejection.MALFORMED, withB(b -> b.setBlockId(
        b.getBlockId().toBuilder().setHash(ByteString.copyFrom(new byte[5])))), 16);
  }

  @Test
  void votesOfDifferentSlotsOrTypesOrTheSameBlockAreNoEquivocation() {
    assertRejected(Rejection.NOT_SAME_VOTE_SLOT, withB(b -> b.setRound(3)), 16);
    assertRejected(Rejection.NOT_SAME_VOTE_SLOT, withB(b -> b.setHeight(14)), 16);
    assertRejected(Rejection.NOT_SAME_VOTE_SLOT,
        withB(b -> b.setType(VoteType.VOTE_TYPE_PRECOMMIT)), 16);
    Vote a = Votes.vote(V1, 1, VoteType.VOTE_TYPE_PROPOSAL, 15, 2, "A");
    Vote b = Votes.vote(V1, 1, VoteType.VOTE_TYPE_PROPOSAL, 15, 2, "B");
    assertRejected(Rejection.BAD_VOTE_TYPE, DuplicateVotes.evidence(a, b), 16);
    Vote later = Votes.resign(vote("A").toBuilder().setTimestampNs(5).build(), V1);
    assertRejected(Rejection.SAME_BLOCK_ID, DuplicateVotes.evidence(vote("A"), later), 16);
  }

  @Test
  void aPairOfVotesHasOneEncoding() {
    // vote_b's index is not signed apart from the rest, yet it must name the same validator
    assertRejected(Rejection.NOT_SAME_VOTE_SLOT, raw(vote("A"),
        vote("B").toBuilder().setValidatorIndex(999).build()), 16);
    // a nil vote's block id is not signed: parts in it would be a second encoding of the pair
    Evidence nil = DuplicateVotes.evidence(vote("A"), vote(null));
    Vote padded = nil.getDuplicateVote().getVoteA().toBuilder()
        .setBlockId(BlockID.newBuilder().setParts(PartSetHeader.newBuilder().setTotal(7))).build();
    assertRejected(Rejection.MALFORMED,
        raw(padded, nil.getDuplicateVote().getVoteB()), 25);
  }

  @Test
  void theOrderMustBeCanonical() {
    Evidence e = DuplicateVotes.evidence(vote("A"), vote("B"));
    Evidence swapped = raw(e.getDuplicateVote().getVoteB(), e.getDuplicateVote().getVoteA());
    assertRejected(Rejection.NOT_CANONICAL_ORDER, swapped, 16);
  }

  @Test
  void heightsMustBeBelowTheBlockWithinTheAgeLimitAndKnown() {
    Evidence e = DuplicateVotes.evidence(vote("A"), vote("B"));
    assertRejected(Rejection.UNKNOWN_HEIGHT, e, 15);
    assertRejected(Rejection.TOO_OLD, e, 26);
    latest.set(10); // this node knows the sets up to height 11 only
    assertRejected(Rejection.UNKNOWN_HEIGHT, e, 16);
  }

  @Test
  void theValidatorMustBeInTheSetAtItsIndexAndHaveSignedBoth() {
    KeyPair stranger = TestChain.key(BASE + 7);
    assertRejected(Rejection.UNKNOWN_VALIDATOR, DuplicateVotes.evidence(
        Votes.vote(stranger, 1, VoteType.VOTE_TYPE_PREVOTE, 15, 2, "A"),
        Votes.vote(stranger, 1, VoteType.VOTE_TYPE_PREVOTE, 15, 2, "B")), 16);
    assertRejected(Rejection.UNKNOWN_VALIDATOR, DuplicateVotes.evidence(
        Votes.vote(V1, 2, VoteType.VOTE_TYPE_PREVOTE, 15, 2, "A"),
        Votes.vote(V1, 2, VoteType.VOTE_TYPE_PREVOTE, 15, 2, "B")), 16);
    Vote forged = Votes.resign(vote("B"), TestChain.key(BASE + 2));
    assertRejected(Rejection.BAD_SIGNATURE, raw(vote("A"), forged), 16);
    Vote otherChain = vote("B").toBuilder().setTimestampNs(99).build(); // signature of other bytes
    assertRejected(Rejection.BAD_SIGNATURE, raw(vote("A"), otherChain), 16);
  }

  @Test
  void evidenceCommittedOnceIsRefusedAfterwards() throws Exception {
    Evidence e = DuplicateVotes.evidence(vote("A"), vote("B"));
    VerifiedEvidence v = verifier.verify(e, 16);
    TestStores.commitWithEvidence(store, v.toStore());
    assertRejected(Rejection.ALREADY_COMMITTED, e, 17);
    // another pair of the same slot is the same equivocation
    assertRejected(Rejection.ALREADY_COMMITTED, DuplicateVotes.evidence(vote("A"), vote("C")), 17);
  }
}
