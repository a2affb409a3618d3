package io.cybergraph.node.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.app.state.Account;
import io.cybergraph.node.app.tx.RefusalCode;
import io.cybergraph.node.app.tx.TxRefusedException;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.producer.DoubleSignException;
import io.cybergraph.node.producer.ConsensusSigner;
import io.cybergraph.node.producer.PendingBlockFile;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import io.cybergraph.store.LinkRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node (RocksDB, rank thread, producer) in this JVM: blocks, rank, restart, recovery. */
class CyberNodeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ChainGenesis GENESIS = TestNode.genesis(600_000, 400_000);

  @TempDir Path data;

  private CyberNode open(long intervalMs) {
    return CyberNode.open(TestNode.config(intervalMs), GENESIS, TestNode.VALIDATOR, data);
  }

  private static byte[] links(KeyPair key, long sequence, int... pairs) {
    List<io.cybergraph.proto.pb.Link> links = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      links.add(TxBuilder.link(TestChain.cid(pairs[i]), TestChain.cid(pairs[i + 1])));
    }
    return TxBuilder.build(TestNode.CHAIN_ID, key, sequence, List.of(TxBuilder.cyberlink(links)), "");
  }

  private static Block block(CyberNode node, long height) throws Exception {
    return Block.parseFrom(node.store().blocks().block(height).orElseThrow());
  }

  @Test
  void makesBlocksWithLinksAndRankAndRestartsIntoTheSameChain() throws Exception {
    KeyPair alice = TestChain.key(0);
    KeyPair bob = TestChain.key(1);
    KeyPair carol = TestChain.key(2);
    List<byte[]> rootsBefore = new ArrayList<>();
    long heightBefore;
    CyberNode first = open(40);
    try (CyberNode node = first) {
      node.start();
      ByteKey t1 = node.mempool().add(links(alice, 0, 1, 2, 2, 3, 3, 1));
      ByteKey t2 = node.mempool().add(links(bob, 0, 1, 2, 4, 1));
      ByteKey t3 = node.mempool().add(TxBuilder.build(TestNode.CHAIN_ID, alice, 1,
          List.of(TxBuilder.send(carol.address(), 100_000)), ""));
      TestNode.await("the txs committed", WAIT,
          () -> node.store().txs().location(t3.bytes()).isPresent()
              && node.store().txs().location(t2.bytes()).isPresent());
      long linkedAt = node.store().txs().location(t1.bytes()).orElseThrow().height();
      TestNode.await("rank past the links", WAIT, () -> node.rank().latest().height() >= linkedAt + 3);
      long seen = node.head().height();
      assertTrue(seen >= linkedAt + 3);
      assertFalse(node.halted().isDone());

      // provenance: alice's three links at the height of t1, in its tx
      List<LinkRecord> byAlice =
          node.store().queries().byNeuron(alice.address(), 1, Long.MAX_VALUE, -1, 100);
      assertEquals(3, byAlice.size());
      for (LinkRecord l : byAlice) {
        assertEquals(linkedAt, l.height());
        assertArrayEquals(t1.bytes(), l.txHash());
      }
      assertEquals(5, node.store().linkCount());
      assertEquals(500_000, node.state().account(ByteKey.of(alice.address())).balance());
      // signers' public keys, learned from the committed blocks' txs
      assertArrayEquals(alice.publicKey(), node.signerKeys().of(alice.address()).orElseThrow());
      assertArrayEquals(bob.publicKey(), node.signerKeys().of(bob.address()).orElseThrow());
      assertTrue(node.signerKeys().of(carol.address()).isEmpty(), "carol signed nothing");

      // every stored block is what the design says
      for (long h = 1; h <= seen; h++) {
        checkBlock(node, h);
      }
      // a focus over the 4 particles, with a proof of each against its root
      RankSnapshot latest = node.rank().latest();
      assertEquals(4, latest.particles());
      for (int j = 0; j < 4; j++) {
        assertTrue(latest.proof(j).verify(latest.root()));
      }
      assertTrue(latest.karmaOf(Account.decode(node.store().accounts()
          .get(alice.address()).orElseThrow()).bech32()) > 0);
      for (long h = 1; h <= seen; h++) {
        rootsBefore.add(block(node, h).getHeader().getRankRoot().toByteArray());
      }
    }
    heightBefore = first.head().height(); // it went on making blocks until closed

    // restart: the same blocks, and new headers whose rank roots the restored rank agrees with
    try (CyberNode node = open(40)) {
      assertEquals(heightBefore, node.head().height());
      for (long h = 1; h <= rootsBefore.size(); h++) {
        assertArrayEquals(rootsBefore.get((int) h - 1),
            block(node, h).getHeader().getRankRoot().toByteArray());
      }
      // the store's key filters were rebuilt at open: a committed link is still a duplicate,
      // a committed particle keeps its index
      TxRefusedException duplicate =
          assertThrows(TxRefusedException.class, () -> node.mempool().add(links(alice, 2, 1, 2)));
      assertEquals(RefusalCode.DUPLICATE_LINK, duplicate.code());
      node.start();
      // new links after the restart change the focus: their roots are checked at h + L
      node.mempool().add(links(carol, 0, 4, 5));
      TestNode.await("more blocks", WAIT, () -> node.head().height() >= heightBefore + 6);
      assertFalse(node.halted().isDone(), () -> node.halted().join().getMessage());
      for (long h = heightBefore + 1; h <= node.head().height(); h++) {
        checkBlock(node, h);
      }
      assertEquals(6, node.store().linkCount());
      assertEquals(5, node.store().particleCount(), "particle 4 was found, only 5 is new");
      // only the last lag + 1 focus vectors are kept
      assertTrue(node.store().focus().heights().size() <= 3, node.store().focus().heights()::toString);
    }
  }

  @Test
  void restartsWhenNoBlockHasTouchedTheGenesisAccounts() {
    long heightBefore;
    try (CyberNode node = open(20)) {
      node.start();
      TestNode.await("three empty blocks", WAIT, () -> node.head().height() >= 3);
      node.close();
      heightBefore = node.head().height();
    }
    // the store holds no account yet: the restored state must still be the genesis accounts
    assertTrue(data.toFile().exists());
    try (CyberNode node = open(20)) {
      assertEquals(heightBefore, node.head().height());
      node.start();
      TestNode.await("a block after the restart", WAIT, () -> node.head().height() > heightBefore);
      assertFalse(node.halted().isDone());
    }
  }

  /** Header fields, commit and signature of block h against the store and the rank results. */
  private static void checkBlock(CyberNode node, long h) throws Exception {
    Block b = block(node, h);
    Header header = b.getHeader();
    assertEquals(h, header.getHeight());
    assertEquals(Math.max(0, h - 2), header.getRankHeight());
    byte[] appHashBefore = h == 1
        ? AppHash.appHash(Hashes.EMPTY_SHA256, genesisAccountsRoot(), AppHash.resultsHash(List.of()))
        : node.store().appHash(h - 1).orElseThrow();
    assertArrayEquals(appHashBefore, header.getAppHash().toByteArray(), "app hash in header " + h);
    assertArrayEquals(BlockHashes.dataHash(b.getData()), header.getDataHash().toByteArray());
    assertArrayEquals(node.store().blocks().info(h).orElseThrow().blockHash(),
        BlockHashes.headerHash(header));
    Commit commit = Commit.parseFrom(node.store().commits().at(h).orElseThrow());
    assertEquals(h, commit.getHeight());
    assertEquals(BlockHashes.blockId(b), commit.getBlockId());
    assertEquals(1, commit.getPrecommitsCount());
    Vote vote = commit.getPrecommits(0);
    assertEquals(VoteType.VOTE_TYPE_PRECOMMIT, vote.getType());
    assertTrue(Ed25519.verify(TestNode.VALIDATOR.publicKey(), SignBytes.vote(vote, TestNode.CHAIN_ID),
        vote.getSignature().toByteArray()), "precommit signature of " + h);
    assertTrue(vote.getTimestampNs() > header.getTimeNs());
    if (h == 1) {
      assertFalse(header.hasLastBlockId());
      assertArrayEquals(Hashes.EMPTY_SHA256, header.getLastCommitHash().toByteArray());
    } else {
      Block previous = block(node, h - 1);
      Commit previousCommit = Commit.parseFrom(node.store().commits().at(h - 1).orElseThrow());
      assertEquals(BlockHashes.blockId(previous), header.getLastBlockId());
      assertEquals(previousCommit, b.getLastCommit());
      assertArrayEquals(BlockHashes.commitHash(previousCommit), header.getLastCommitHash().toByteArray());
      assertEquals(previousCommit.getPrecommits(0).getTimestampNs(), header.getTimeNs(), "BFT time");
      assertTrue(header.getTimeNs() > previous.getHeader().getTimeNs());
    }
    if (header.getRankHeight() == 0) {
      assertArrayEquals(Hashes.EMPTY_SHA256, header.getRankRoot().toByteArray());
    }
  }

  private static byte[] genesisAccountsRoot() {
    return io.cybergraph.node.app.state.AppState.genesis(GENESIS,
        new io.cybergraph.node.app.state.MemoryGraph()).accounts().root();
  }

  @Test
  void aBlockSignedBeforeACrashIsCommittedAsSigned() throws Exception {
    byte[] signedId;
    Vote signedVote;
    try (CyberNode node = open(40)) {
      // no engine running: play the producer up to the signature, then "crash"
      node.mempool().add(links(TestChain.key(0), 0, 1, 2));
      ChainApp.Candidate c = node.app().propose(TestNode.VALIDATOR.address(), RankSnapshot.empty(0));
      new PendingBlockFile(data).write(c.block());
      ConsensusSigner signer = ConsensusSigner.open(data, TestNode.VALIDATOR, TestNode.CHAIN_ID);
      signedVote = signer.sign(Vote.newBuilder().setType(VoteType.VOTE_TYPE_PRECOMMIT)
          .setHeight(1).setBlockId(c.blockId()).setTimestampNs(c.block().getHeader().getTimeNs() + 5)
          .setValidatorAddress(com.google.protobuf.ByteString.copyFrom(TestNode.VALIDATOR.address()))
          .build());
      signedId = c.blockId().toByteArray();
      assertEquals(0, node.head().height());
    }
    try (CyberNode node = open(40)) {
      node.start();
      TestNode.await("block 1", WAIT, () -> node.head().height() >= 2);
      Commit commit = Commit.parseFrom(node.store().commits().at(1).orElseThrow());
      assertArrayEquals(signedId, commit.getBlockId().toByteArray());
      assertEquals(signedVote, commit.getPrecommits(0));
      assertEquals(1, node.store().linkCount());
      assertFalse(node.halted().isDone());
    }
  }

  @Test
  void aSignedHeightWhoseBlockIsLostHaltsInsteadOfSigningAnother() throws Exception {
    try (CyberNode node = open(40)) {
      ChainApp.Candidate c = node.app().propose(TestNode.VALIDATOR.address(), RankSnapshot.empty(0));
      ConsensusSigner.open(data, TestNode.VALIDATOR, TestNode.CHAIN_ID).sign(Vote.newBuilder()
          .setType(VoteType.VOTE_TYPE_PRECOMMIT).setHeight(1).setBlockId(c.blockId())
          .setTimestampNs(c.block().getHeader().getTimeNs() + 5).build());
      // the pending block file never made it to disk
    }
    assertFalse(Files.exists(data.resolve(PendingBlockFile.FILE_NAME)));
    try (CyberNode node = open(40)) {
      node.start();
      RuntimeException reason = node.halted().get(30, TimeUnit.SECONDS);
      assertTrue(reason instanceof DoubleSignException, reason.toString());
      assertTrue(reason.getMessage().contains("height 1"), reason.getMessage());
      assertEquals(0, node.head().height());
      assertEquals(0, node.store().latestHeight());
    }
  }

  @Test
  void aFollowerAppliesTheProducersBlocksAndAgreesOnStateAndRank(@TempDir Path followerData)
      throws Exception {
    List<Block> blocks = new ArrayList<>();
    List<Commit> commits = new ArrayList<>();
    try (CyberNode producer = open(30)) {
      producer.start();
      producer.mempool().add(links(TestChain.key(0), 0, 1, 2, 2, 3));
      producer.mempool().add(links(TestChain.key(1), 0, 3, 1));
      TestNode.await("links and rank", WAIT, () -> producer.store().linkCount() == 3
          && producer.head().height() >= 8);
      long last = producer.head().height();
      for (long h = 1; h <= last; h++) {
        blocks.add(block(producer, h));
        commits.add(Commit.parseFrom(producer.store().commits().at(h).orElseThrow()));
      }
    }
    // a node whose key is not a validator: it makes no blocks, it applies them
    try (CyberNode follower = CyberNode.open(TestNode.config(30), GENESIS, TestChain.key(7),
        followerData)) {
      follower.start();
      assertFalse(follower.producing());
      ChainBlockApplier applier = new ChainBlockApplier(follower.app());
      Block tampered = blocks.get(4).toBuilder()
          .setHeader(blocks.get(4).getHeader().toBuilder()
              .setRankRoot(com.google.protobuf.ByteString.copyFrom(new byte[32])))
          .build();
      for (int i = 0; i < blocks.size(); i++) {
        if (i == 4) {
          io.cybergraph.node.sync.ChainHaltException e = org.junit.jupiter.api.Assertions
              .assertThrows(io.cybergraph.node.sync.ChainHaltException.class,
                  () -> applier.apply(tampered, commits.get(4)));
          assertTrue(e.getMessage().contains("rank_root"), e.getMessage());
          assertEquals(4, follower.head().height(), "a rejected block changes nothing");
        }
        applier.apply(blocks.get(i), commits.get(i));
        assertEquals(BlockHashes.blockId(blocks.get(i)), follower.head().blockId());
      }
      assertEquals(3, follower.store().linkCount());
      assertArrayEquals(blocks.get(blocks.size() - 1).getHeader().getAppHash().toByteArray(),
          follower.store().appHash(blocks.size() - 1).orElseThrow());
    }
  }

  @Test
  void genesisOfAnotherChainIsRefusedByTheHome() {
    try (CyberNode node = open(40)) {
      assertNotNull(node.head());
    }
    ChainGenesis other = TestNode.genesis(1, 2);
    io.cybergraph.node.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.cybergraph.node.config.ConfigException.class,
        () -> CyberNode.open(TestNode.config(40), other, TestNode.VALIDATOR, data));
    assertTrue(e.getMessage().contains("genesis"), e.getMessage());
    assertTrue(Protobufs.class != null);
  }
}
