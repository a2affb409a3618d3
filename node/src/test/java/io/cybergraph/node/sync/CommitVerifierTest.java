package io.cybergraph.node.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.PartSetHeader;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import org.junit.jupiter.api.Test;

class CommitVerifierTest {
  // powers 40, 30, 20, 10: total 100, more than 2/3 means at least 67
  private final TestValidators vals = new TestValidators("sync-chain", 40, 30, 20, 10);
  private final CommitVerifier verifier = new CommitVerifier(vals.chainId, vals.set);
  private final BlockID block = blockId("block 7");

  private static BlockID blockId(String name) {
    return BlockID.newBuilder()
        .setHash(ByteString.copyFrom(Hashes.sha256(name.getBytes())))
        .setParts(PartSetHeader.newBuilder().setTotal(1)
            .setHash(ByteString.copyFrom(Hashes.sha256(("parts " + name).getBytes()))))
        .build();
  }

  private String refusal(Commit commit) {
    return assertThrows(InvalidCommitException.class, () -> verifier.verify(commit, 7, block))
        .getMessage();
  }

  private Commit withVote(Commit c, int i, Vote v) {
    return c.toBuilder().setPrecommits(i, v).build();
  }

  @Test
  void moreThanTwoThirdsOfThePowerCommits() {
    assertEquals(100, verifier.verify(vals.commitAll(7, block, 1000), 7, block));
    assertEquals(70, verifier.verify(vals.commit(7, block, 1000, 0, 1), 7, block));
    assertEquals(70, verifier.verify(vals.commit(7, block, 1000, 3, 2, 0), 7, block)); // any order
  }

  @Test
  void twoThirdsOrLessIsNotACommit() {
    // 40 + 20 = 60; 30 + 20 + 10 = 60; 2/3 exactly would need power 66.67
    assertTrue(refusal(vals.commit(7, block, 1000, 0, 2)).contains("power 60 of 100"));
    assertTrue(refusal(vals.commit(7, block, 1000, 1, 2, 3)).contains("more than 2/3"));
    TestValidators three = new TestValidators("sync-chain", 1, 1, 1);
    CommitVerifier v3 = new CommitVerifier(three.chainId, three.set);
    // exactly 2/3 is not enough
    assertThrows(InvalidCommitException.class, () -> v3.verify(three.commit(7, block, 1, 0, 1), 7, block));
    assertEquals(3, v3.verify(three.commitAll(7, block, 1), 7, block));
  }

  @Test
  void everyPrecommitMustBeValidForThisBlock() {
    Commit good = vals.commit(7, block, 1000, 0, 1, 2);
    Vote v = good.getPrecommits(1);
    byte[] sig = v.getSignature().toByteArray();
    sig[5] ^= 1;
    assertTrue(refusal(withVote(good, 1, v.toBuilder().setSignature(ByteString.copyFrom(sig)).build()))
        .contains("precommit 1 (validator 1) has an invalid signature"));
    // signed by a key that is not validator 1's
    Vote forged = vals.precommit(TestValidators.key(55), 1, 7, 0, block, 1000);
    assertTrue(refusal(withVote(good, 1, forged)).contains("invalid signature"));
    // a validly signed vote whose signed fields were changed afterwards
    assertTrue(refusal(withVote(good, 1, v.toBuilder().setTimestampNs(5).build()))
        .contains("invalid signature"));
    assertTrue(refusal(withVote(good, 1, v.toBuilder().setType(VoteType.VOTE_TYPE_PREVOTE).build()))
        .contains("type VOTE_TYPE_PREVOTE"));
    assertTrue(refusal(withVote(good, 1, vals.precommit(1, 7, 0, blockId("other"), 1000)))
        .contains("precommit 1 is for another block"));
    assertTrue(refusal(withVote(good, 1, vals.precommit(1, 7, 0, BlockID.getDefaultInstance(), 1000)))
        .contains("another block"));
    assertTrue(refusal(withVote(good, 1, vals.precommit(1, 8, 0, block, 1000)))
        .contains("height 8 round 0"));
    assertTrue(refusal(withVote(good, 1, vals.precommit(1, 7, 1, block, 1000)))
        .contains("round 1"));
  }

  @Test
  void validatorIndicesAndAddressesMustMatchTheSet() {
    Commit good = vals.commit(7, block, 1000, 0, 1, 2);
    assertTrue(refusal(withVote(good, 2, good.getPrecommits(0))).contains("repeats validator 0"));
    Vote wrongIndex = good.getPrecommits(1).toBuilder().setValidatorIndex(9).build();
    assertTrue(refusal(withVote(good, 1, wrongIndex)).contains("validator index 9"));
    Vote negative = good.getPrecommits(1).toBuilder().setValidatorIndex(-1).build();
    assertTrue(refusal(withVote(good, 1, negative)).contains("validator index -1"));
    // validator 0's vote presented as validator 3's (index and address disagree)
    Vote moved = good.getPrecommits(0).toBuilder().setValidatorIndex(3).build();
    assertTrue(refusal(withVote(good, 0, moved)).contains("names address"));
    Commit tooMany = good.toBuilder().addPrecommits(good.getPrecommits(0))
        .addPrecommits(good.getPrecommits(1)).build();
    assertTrue(refusal(tooMany).contains("5 precommits, the set has 4"));
    assertTrue(refusal(Commit.newBuilder().setHeight(7).setBlockId(block).build())
        .contains("0 precommits"));
  }

  @Test
  void theCommitMustBeForTheBlockAndHeightAsked() {
    assertTrue(refusal(vals.commitAll(8, block, 1000)).contains("height 8, expected 7"));
    assertTrue(refusal(vals.commitAll(7, blockId("other"), 1000)).contains("another block"));
    // another chain id signs other bytes
    TestValidators otherChain = new TestValidators("other-chain", 40, 30, 20, 10);
    assertTrue(refusal(otherChain.commitAll(7, block, 1000)).contains("invalid signature"));
  }
}
