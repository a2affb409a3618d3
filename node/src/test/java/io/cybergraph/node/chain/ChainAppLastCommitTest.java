package io.cybergraph.node.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With several validators each node stores the +2/3 precommits it saw first, so the next
 * proposer's {@code last_commit} may hold other precommits than ours: {@link ChainApp#verify}
 * accepts any valid commit of our latest block, checks the header (BFT time, last commit hash)
 * against that commit, and refuses a commit that is not +2/3 of valid signatures.
 */
class ChainAppLastCommitTest {
  private static final long T0 = 1_800_000_000_000_000_000L;

  @TempDir Path data;

  private final KeyPair[] keys = {TestChain.key(20), TestChain.key(21), TestChain.key(22),
      TestChain.key(23)};

  @Test
  void anyValidCommitOfTheLatestBlockIsAcceptedAsLastCommit() {
    try (CyberNode node = CyberNode.open(TestNode.config(1000), genesis(), keys[0], data)) {
      ChainApp app = node.app();
      RankSnapshot rank = RankSnapshot.empty(0);
      ChainApp.Candidate one = app.propose(keys[0].address(), rank);
      Commit ours = commit(one.blockId(), 0, 1, 2);
      app.commit(one, ours, System.nanoTime());
      ChainHead head = app.head();
      assertEquals(1, head.height());

      // the next proposer saw validators 1, 2 and 3 first
      Commit theirs = commit(one.blockId(), 1, 2, 3);
      Block two = blockAfter(app, withCommit(head, theirs), keys[1]);
      assertTrue(two.getHeader().getTimeNs() != app.assembler().timeAfter(head),
          "BFT time follows the block's own last commit");
      assertEquals(two.getHeader(), app.verify(two, rank).block().getHeader());

      // two precommits of four validators are not +2/3
      Block weak = blockAfter(app, withCommit(head, commit(one.blockId(), 1, 2)), keys[1]);
      BlockRejectedException e =
          assertThrows(BlockRejectedException.class, () -> app.verify(weak, rank));
      assertTrue(e.getMessage().contains("last_commit") && e.getMessage().contains("2/3"),
          e.getMessage());

      // a header built for our commit but carrying theirs: the header does not match it
      Block mixed = blockAfter(app, head, keys[1]).toBuilder().setLastCommit(theirs).build();
      assertThrows(BlockRejectedException.class, () -> app.verify(mixed, rank));

      // a forged signature in an otherwise valid commit
      Vote forged = theirs.getPrecommits(0).toBuilder()
          .setSignature(ByteString.copyFrom(new byte[64])).build();
      Commit bad = theirs.toBuilder().setPrecommits(0, forged).build();
      Block badBlock = blockAfter(app, withCommit(head, bad), keys[1]);
      assertThrows(BlockRejectedException.class, () -> app.verify(badBlock, rank));
    }
  }

  private Block blockAfter(ChainApp app, ChainHead head, KeyPair proposer) {
    return app.assembler().assemble(head, List.of(), head.appHash(),
        RankSnapshot.empty(0).root(), proposer.address());
  }

  private static ChainHead withCommit(ChainHead h, Commit c) {
    return new ChainHead(h.height(), h.blockId(), h.header(), c, h.linkCount(), h.linksRoot(),
        h.accountsRoot(), h.resultsHash(), h.appHash());
  }

  private Commit commit(BlockID id, int... signers) {
    Commit.Builder c = Commit.newBuilder().setHeight(1).setRound(0).setBlockId(id);
    for (int i : signers) {
      Vote v = Vote.newBuilder().setType(VoteType.VOTE_TYPE_PRECOMMIT).setHeight(1).setRound(0)
          .setBlockId(id).setTimestampNs(T0 + 1_000_000_000L * i)
          .setValidatorAddress(ByteString.copyFrom(keys[i].address())).setValidatorIndex(i)
          .build();
      c.addPrecommits(v.toBuilder().setSignature(ByteString.copyFrom(
          keys[i].sign(SignBytes.vote(v, TestChain.CHAIN_ID)))));
    }
    return c.build();
  }

  private ChainGenesis genesis() {
    Genesis g = new Genesis();
    g.chainId = TestChain.CHAIN_ID;
    g.genesisTime = "2026-01-01T00:00:00Z";
    for (int i = 0; i < keys.length; i++) {
      Genesis.GenesisValidator v = new Genesis.GenesisValidator();
      v.name = "v" + i;
      v.publicKey = HexFormat.of().formatHex(keys[i].publicKey());
      v.power = 10;
      g.validators.add(v);
    }
    Genesis.GenesisAccount a = new Genesis.GenesisAccount();
    a.name = "a0";
    a.address = Address.toBech32(TestChain.key(0).address());
    a.balance = "1000000";
    g.accounts.add(a);
    return GenesisLoader.parse(GenesisLoader.toJson(g), "genesis.json");
  }
}
