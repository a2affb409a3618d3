package io.cybergraph.node.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.evidence.DuplicateVotes;
import io.cybergraph.node.evidence.Votes;
import io.cybergraph.node.sync.ChainHaltException;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.EvidenceList;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence through real nodes (RocksDB, rank thread, producer): reported equivocations are
 * proposed, committed and stored; a follower applying the blocks verifies them and rejects blocks
 * whose evidence does not verify or is not what their data hash binds.
 */
class EvidenceInBlocksTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path data;

  /** One evidence item per block, so two equivocations need two blocks. */
  private static ChainGenesis genesis() {
    Genesis g = TestNode.genesis(600_000, 400_000).file();
    g.evidence.maxPerBlock = 1;
    return GenesisLoader.parse(GenesisLoader.toJson(g), "genesis.json");
  }

  private static Vote vote(VoteType type, String block) {
    return Votes.vote(TestNode.VALIDATOR, 0, type, 1, 0, block);
  }

  private static Block block(CyberNode node, long height) throws Exception {
    return Block.parseFrom(node.store().blocks().block(height).orElseThrow());
  }

  /** The block with its evidence changed and data_hash recomputed (so only the evidence is bad). */
  private static Block withEvidence(Block b, UnaryOperator<EvidenceList.Builder> change) {
    Block changed = b.toBuilder().setEvidence(change.apply(b.getEvidence().toBuilder())).build();
    return changed.toBuilder().setHeader(changed.getHeader().toBuilder()
        .setDataHash(ByteString.copyFrom(BlockHashes.dataHash(changed)))).build();
  }

  @Test
  void reportedEquivocationsAreCommittedAndEveryFollowerChecksThem(@TempDir Path followerData)
      throws Exception {
    ChainGenesis genesis = genesis();
    List<Block> blocks = new ArrayList<>();
    List<Commit> commits = new ArrayList<>();
    long[] at = new long[2];
    Evidence precommits = DuplicateVotes.evidence(
        vote(VoteType.VOTE_TYPE_PRECOMMIT, "A"), vote(VoteType.VOTE_TYPE_PRECOMMIT, "B"));
    Evidence prevotes = DuplicateVotes.evidence(
        vote(VoteType.VOTE_TYPE_PREVOTE, "A"), vote(VoteType.VOTE_TYPE_PREVOTE, null));
    try (CyberNode producer =
        CyberNode.open(TestNode.config(30), genesis, TestNode.VALIDATOR, data)) {
      producer.start();
      TestNode.await("height 2", WAIT, () -> producer.head().height() >= 2);
      producer.evidence().report(vote(VoteType.VOTE_TYPE_PRECOMMIT, "B"),
          vote(VoteType.VOTE_TYPE_PRECOMMIT, "A"));
      producer.evidence().report(vote(VoteType.VOTE_TYPE_PREVOTE, null),
          vote(VoteType.VOTE_TYPE_PREVOTE, "A"));
      byte[][] keys = {DuplicateVotes.key(precommits), DuplicateVotes.key(prevotes)};
      TestNode.await("both committed", WAIT, () ->
          producer.store().evidence().committedHeight(keys[0]).isPresent()
              && producer.store().evidence().committedHeight(keys[1]).isPresent());
      at[0] = producer.store().evidence().committedHeight(keys[0]).getAsLong();
      at[1] = producer.store().evidence().committedHeight(keys[1]).getAsLong();
      assertNotEquals(at[0], at[1], "evidence.max_per_block = 1");
      // the pool forgets an item after the block's batch is written: a moment later
      TestNode.await("the pool emptied", WAIT, () -> producer.evidence().size() == 0);
      assertTrue(producer.store().evidence().pending().isEmpty());
      for (int i = 0; i < 2; i++) {
        Block b = block(producer, at[i]);
        assertEquals(1, b.getEvidence().getEvidenceCount());
        assertEquals(i == 0 ? precommits : prevotes, b.getEvidence().getEvidence(0));
        assertArrayEquals(BlockHashes.dataHash(b), b.getHeader().getDataHash().toByteArray());
        assertFalse(java.util.Arrays.equals(BlockHashes.dataHash(b.getData()),
            b.getHeader().getDataHash().toByteArray()), "the data hash binds the evidence");
      }
      // reported again after it is committed: nothing is pending, nothing included again
      producer.evidence().report(vote(VoteType.VOTE_TYPE_PRECOMMIT, "A"),
          vote(VoteType.VOTE_TYPE_PRECOMMIT, "C"));
      assertEquals(0, producer.evidence().size());
      long last = Math.max(at[0], at[1]) + 2;
      TestNode.await("two more blocks", WAIT, () -> producer.head().height() >= last);
      for (long h = 1; h <= last; h++) {
        blocks.add(block(producer, h));
        commits.add(Commit.parseFrom(producer.store().commits().at(h).orElseThrow()));
        if (h != at[0] && h != at[1]) {
          assertEquals(0, blocks.get((int) h - 1).getEvidence().getEvidenceCount());
          assertFalse(blocks.get((int) h - 1).hasEvidence(), "no evidence: the field is unset");
        }
      }
    }
    try (CyberNode follower =
        CyberNode.open(TestNode.config(30), genesis, TestChain.key(7), followerData)) {
      follower.start();
      ChainBlockApplier applier = follower.blockApplier();
      int i0 = (int) at[0] - 1;
      Block good = blocks.get(i0);
      Evidence e = good.getEvidence().getEvidence(0);
      Vote forged = e.getDuplicateVote().getVoteB().toBuilder().setTimestampNs(7).build();
      Block forgedSignature = withEvidence(good, l -> l.setEvidence(0,
          e.toBuilder().setDuplicateVote(e.getDuplicateVote().toBuilder().setVoteB(forged))));
      Block twice = withEvidence(good, l -> l.addEvidence(e));
      Block hidden = good.toBuilder().clearEvidence().build(); // header still binds the evidence
      Block tooMany = withEvidence(good, l -> l.addEvidence(prevotes));
      for (int i = 0; i < blocks.size(); i++) {
        if (i == i0) {
          assertRejected(applier, forgedSignature, commits.get(i), "does not verify", follower);
          assertRejected(applier, twice, commits.get(i), "at most 1", follower);
          assertRejected(applier, hidden, commits.get(i), "data_hash", follower);
          assertRejected(applier, tooMany, commits.get(i), "at most 1", follower);
        }
        applier.apply(blocks.get(i), commits.get(i));
        assertEquals(BlockHashes.blockId(blocks.get(i)), follower.head().blockId());
      }
      assertEquals(at[0],
          follower.store().evidence().committedHeight(DuplicateVotes.key(precommits)).getAsLong());
      assertEquals(at[1],
          follower.store().evidence().committedHeight(DuplicateVotes.key(prevotes)).getAsLong());
    }
  }

  private static void assertRejected(ChainBlockApplier applier, Block block, Commit commit,
      String reason, CyberNode follower) {
    long before = follower.head().height();
    ChainHaltException e =
        assertThrows(ChainHaltException.class, () -> applier.apply(block, commit));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertEquals(before, follower.head().height(), "a rejected block changes nothing");
  }
}
