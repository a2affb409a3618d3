package io.cybergraph.node.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.consensus.adaptor.HeightValidators;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.LogLines;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.net.Await;
import io.cybergraph.node.net.TestNetwork;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.codec.PartSet;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.BlockPart;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.ConsensusMessage;
import io.cybergraph.proto.pb.ConsensusStep;
import io.cybergraph.proto.pb.HasVote;
import io.cybergraph.proto.pb.NewRoundStep;
import io.cybergraph.proto.pb.PartSetHeader;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real validator node (store, chain, {@link BftEngine}, {@link ConsensusReactor}, p2p on
 * 127.0.0.1) among three scripted validators: real p2p nodes whose consensus messages the test
 * writes and signs itself, and whose received messages it inspects (Besu's QBFT test style).
 */
class ConsensusReactorTest {
  private static final int VALIDATORS = 4;

  @TempDir Path data;
  private final TestNetwork net = new TestNetwork();
  private final ConcurrentLinkedQueue<Vote[]> evidence = new ConcurrentLinkedQueue<>();
  private ChainGenesis genesis;
  private ValidatorSet set;
  private KeyPair[] keys;
  private int me; // the real node's index: the proposer of height 1 round 0
  private CyberNode node;
  private BftEngine bft;
  private P2pNode nodeP2p;

  /** A scripted validator: a p2p node that records what the real node sends it. */
  private final class Scripted {
    final int index;
    final P2pNode p2p;
    final ConcurrentLinkedQueue<ConsensusMessage> received = new ConcurrentLinkedQueue<>();

    Scripted(int index) throws Exception {
      this.index = index;
      this.p2p = net.create("scripted" + index);
      p2p.setHandler(Channel.CHANNEL_CONSENSUS,
          (from, payload) -> received.add(ConsensusMessage.parseFrom(payload)));
      p2p.start();
      TestNetwork.connect(p2p, nodeP2p);
    }

    void send(ConsensusMessage m) {
      assertTrue(p2p.send(nodeP2p.nodeId(), Channel.CHANNEL_CONSENSUS, m.toByteArray()));
    }

    void sendRaw(byte[] payload) {
      assertTrue(p2p.send(nodeP2p.nodeId(), Channel.CHANNEL_CONSENSUS, payload));
    }

    void step(long height, int round, ConsensusStep step) {
      send(ConsensusMessage.newBuilder().setNewRoundStep(NewRoundStep.newBuilder()
          .setHeight(height).setRound(round).setStep(step)).build());
    }

    Vote vote(VoteType type, long height, int round, BlockID id) {
      Vote unsigned = Vote.newBuilder().setType(type).setHeight(height).setRound(round)
          .setBlockId(id).setTimestampNs(1_800_000_000_000_000_000L + index)
          .setValidatorAddress(ByteString.copyFrom(keys[index].address()))
          .setValidatorIndex(index).build();
      return unsigned.toBuilder().setSignature(ByteString.copyFrom(
          keys[index].sign(SignBytes.vote(unsigned, genesis.chainId())))).build();
    }

    void sendVote(Vote v) {
      send(ConsensusMessage.newBuilder().setVote(v).build());
    }

    List<ConsensusMessage> of(ConsensusMessage.SumCase kind) {
      return received.stream().filter(m -> m.getSumCase() == kind).toList();
    }

    boolean banned() {
      return nodeP2p.isBanned(p2p.nodeId());
    }
  }

  /** Starts the real node with these gossip timings. */
  private void startNode(ConsensusReactor.Settings gossip) throws Exception {
    keys = new KeyPair[VALIDATORS];
    for (int i = 0; i < VALIDATORS; i++) {
      keys[i] = TestChain.key(20 + i);
    }
    genesis = genesis();
    set = CyberNode.validatorSet(genesis);
    me = HeightValidators.of(set).machineSet().proposer(1, 0);
    openNode(gossip);
  }

  /** Opens the real node on {@code data} (again, after a restart) and starts it. */
  private void openNode(ConsensusReactor.Settings gossip) throws Exception {
    NodeConfig config = new NodeConfig();
    config.consensus.timeoutProposeMs = 10_000; // the script sets the pace, not the timeouts
    config.consensus.timeoutPrevoteMs = 10_000;
    config.consensus.timeoutPrecommitMs = 10_000;
    config.consensus.timeoutCommitMs = 60_000; // stay at height 2's start after committing 1
    config.rank.threads = 1;
    config.store.blockCacheMb = 8;
    config.store.writeBufferMb = 8;
    config.metrics.enabled = false;
    node = CyberNode.open(config, genesis, keys[me], data);
    assertTrue(node.consensusValidator());
    bft = ConsensusWiring.engine(node, data, (a, b) -> evidence.add(new Vote[] {a, b}));
    node.attachEngine(bft);
    nodeP2p = net.create("real");
    bft.connect(new ConsensusReactor(nodeP2p, bft.book(), bft, gossip), () -> false);
    nodeP2p.start();
    node.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    net.close();
  }

  /** No resends within a test: what arrives twice was sent twice without need. */
  private static final ConsensusReactor.Settings NO_RESEND = new ConsensusReactor.Settings(100, 600_000);

  private List<Scripted> peers() throws Exception {
    List<Scripted> peers = new ArrayList<>();
    for (int i = 0; i < VALIDATORS; i++) {
      if (i != me) {
        peers.add(new Scripted(i));
      }
    }
    return peers;
  }

  /**
   * The scripted validators, each announcing height 1 round 0 and then waiting until it has the
   * node's proposal and every part of its block.
   */
  private List<Scripted> peersAwaitingTheProposal() throws Exception {
    List<Scripted> peers = peers();
    for (Scripted p : peers) {
      p.step(1, 0, ConsensusStep.CONSENSUS_STEP_PROPOSE);
    }
    for (Scripted p : peers) {
      Await.until("the proposal and every part of its block at " + p.index,
          () -> !p.of(ConsensusMessage.SumCase.PROPOSAL).isEmpty()
              && p.of(ConsensusMessage.SumCase.BLOCK_PART).size()
                  == p.of(ConsensusMessage.SumCase.PROPOSAL).get(0).getProposal().getBlockId()
                      .getParts().getTotal());
    }
    return peers;
  }

  @Test
  void scriptedValidatorsAndTheNodeCommitItsProposalWithoutSendingAnythingTwice()
      throws Exception {
    startNode(NO_RESEND);
    // the node proposes: every peer gets the proposal and the block's parts, which verify
    List<Scripted> peers = peersAwaitingTheProposal();
    Proposal proposal = peers.get(0).of(ConsensusMessage.SumCase.PROPOSAL).get(0).getProposal();
    BlockID id = proposal.getBlockId();
    assertEquals(1, proposal.getHeight());
    assertArrayEquals(keys[me].address(), proposal.getProposerAddress().toByteArray());
    BlockPart part = peers.get(0).of(ConsensusMessage.SumCase.BLOCK_PART).get(0).getBlockPart();
    assertEquals(id.getParts(), part.getParts());
    assertTrue(PartSet.verify(part.getParts(), part.getIndex(), part.getBytes().toByteArray(),
        part.getProofList().stream().map(ByteString::toByteArray).toList()));

    // the scripted validators prevote and precommit the block; the node commits it
    for (Scripted p : peers) {
      p.step(1, 0, ConsensusStep.CONSENSUS_STEP_PREVOTE);
      p.sendVote(p.vote(VoteType.VOTE_TYPE_PREVOTE, 1, 0, id));
    }
    for (Scripted p : peers) {
      p.step(1, 0, ConsensusStep.CONSENSUS_STEP_PRECOMMIT);
      p.sendVote(p.vote(VoteType.VOTE_TYPE_PRECOMMIT, 1, 0, id));
    }
    Await.until("height 1 committed", () -> node.head().height() == 1);
    assertEquals(id, node.head().blockId());
    assertTrue(node.head().commit().getPrecommitsCount() >= 3);

    // each peer got the node's prevote and precommit, HasVote for the others' votes, and never
    // its own votes back
    for (Scripted p : peers) {
      Await.until("the node's votes at " + p.index,
          () -> p.of(ConsensusMessage.SumCase.VOTE).stream()
              .filter(m -> m.getVote().getValidatorIndex() == me).count() == 2);
      Await.until("HasVote at " + p.index,
          () -> !p.of(ConsensusMessage.SumCase.HAS_VOTE).isEmpty());
      for (ConsensusMessage m : p.of(ConsensusMessage.SumCase.VOTE)) {
        assertTrue(m.getVote().getValidatorIndex() != p.index, "own vote sent back to " + p.index);
      }
      Map<String, Integer> counts = new HashMap<>();
      for (ConsensusMessage m : p.received) {
        if (m.getSumCase() != ConsensusMessage.SumCase.NEW_ROUND_STEP) {
          counts.merge(m.toString(), 1, Integer::sum);
        }
      }
      counts.forEach((m, n) -> assertEquals(1, n, "sent " + n + " times to " + p.index + ": " + m));
    }
    // the node announces its new height
    Scripted first = peers.get(0);
    Await.until("NewRoundStep of height 2", () -> first.of(ConsensusMessage.SumCase.NEW_ROUND_STEP)
        .stream().anyMatch(m -> m.getNewRoundStep().getHeight() == 2));

    // a peer that joins still at height 1 gets the commit's precommits and the block
    Scripted laggard = new Scripted(-1);
    laggard.step(1, 0, ConsensusStep.CONSENSUS_STEP_PROPOSE);
    Await.until("the commit and block sent to a peer one height behind",
        () -> laggard.of(ConsensusMessage.SumCase.VOTE).stream()
                .filter(m -> m.getVote().getHeight() == 1
                    && m.getVote().getType() == VoteType.VOTE_TYPE_PRECOMMIT).count()
                == node.head().commit().getPrecommitsCount()
            && laggard.of(ConsensusMessage.SumCase.BLOCK_PART).stream()
                .anyMatch(m -> m.getBlockPart().getParts().equals(id.getParts())));

    // /consensus_state's source: height 2 waits for timeout_commit (60 s) with no tx waiting
    assertEquals(2, bft.state().height());
    assertEquals("new_height", bft.state().step());
    assertTrue(evidence.isEmpty());

    // a tx in the mempool: height 2 starts after the shorter timeout_commit_busy (1 s default)
    node.mempool().add(TxBuilder.build(genesis.chainId(), TestChain.key(0), 0,
        List.of(TxBuilder.cyberlink(List.of(TxBuilder.link(TestChain.cid(1), TestChain.cid(2))))),
        ""));
    Await.until("height 2 started once a tx waits", () -> !bft.state().step().equals("new_height"));
    assertEquals(2, bft.state().height());
  }

  @Test
  void aValidatorRestartedRightAfterProposingStillGivesOutItsBlock() throws Exception {
    startNode(NO_RESEND);
    // the node proposes with no peer connected: nobody has any part of its block
    Await.until("the node proposed", () -> bft.state().proposalHash().length > 0);
    byte[] proposed = bft.state().proposalHash();
    node.close(); // the WAL holds the signed proposal; the block itself only ProposedBlocks
    nodeP2p.stop();

    openNode(NO_RESEND);
    // the replayed proposal comes with its parts, still in round 0 (propose timeout 10 s)
    List<Scripted> peers = peersAwaitingTheProposal();
    BlockID id = peers.get(0).of(ConsensusMessage.SumCase.PROPOSAL).get(0).getProposal()
        .getBlockId();
    assertArrayEquals(proposed, id.getHash().toByteArray(), "the same proposal, not a new one");
    assertEquals(0, bft.state().round());
    PartSet.Assembler block = new PartSet.Assembler(id.getParts(), 16);
    for (ConsensusMessage m : peers.get(0).of(ConsensusMessage.SumCase.BLOCK_PART)) {
      BlockPart part = m.getBlockPart();
      assertTrue(block.add(part.getIndex(), part.getBytes().toByteArray(),
          part.getProofList().stream().map(ByteString::toByteArray).toList()));
    }
    assertTrue(block.isComplete());

    // and the block commits; its file is gone once it has
    for (Scripted p : peers) {
      p.sendVote(p.vote(VoteType.VOTE_TYPE_PREVOTE, 1, 0, id));
      p.sendVote(p.vote(VoteType.VOTE_TYPE_PRECOMMIT, 1, 0, id));
    }
    Await.until("height 1 committed", () -> node.head().height() == 1);
    assertEquals(id, node.head().blockId());
    Await.until("the proposed block's file deleted after the commit",
        this::noProposedBlockFiles);
  }

  private boolean noProposedBlockFiles() {
    try (java.util.stream.Stream<Path> files =
        java.nio.file.Files.list(data.resolve(ProposedBlocks.DIR))) {
      return files.findAny().isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aConflictingVoteReachesTheEvidenceSink() throws Exception {
    startNode(NO_RESEND);
    List<Scripted> peers = peers();
    Scripted p = peers.get(0);
    p.step(1, 0, ConsensusStep.CONSENSUS_STEP_PREVOTE);
    BlockID other = BlockID.newBuilder()
        .setHash(ByteString.copyFrom(new byte[32]))
        .setParts(PartSetHeader.newBuilder().setTotal(1).setHash(ByteString.copyFrom(new byte[32])))
        .build();
    Vote nil = p.vote(VoteType.VOTE_TYPE_PREVOTE, 1, 0, BlockID.getDefaultInstance());
    Vote forOther = p.vote(VoteType.VOTE_TYPE_PREVOTE, 1, 0, other);
    p.sendVote(nil);
    p.sendVote(forOther);
    Await.until("evidence reported", () -> !evidence.isEmpty());
    Vote[] pair = evidence.peek();
    assertEquals(p.index, pair[0].getValidatorIndex());
    assertEquals(p.index, pair[1].getValidatorIndex());
    assertFalse(pair[0].getBlockId().equals(pair[1].getBlockId()));
    assertFalse(p.banned(), "equivocation is evidence, not a protocol violation");
  }

  @Test
  void aValidatorsVotesBeyondTheBoundOfOneSlotAreNeitherKeptNorRelayed() throws Exception {
    // consensus keeps 4 different votes per validator, round and type; the rest used to be
    // accepted all the same: logged, kept for gossip and relayed by every node to every peer
    startNode(NO_RESEND);
    List<Scripted> peers = peers();
    Scripted flooder = peers.get(0);
    Scripted observer = peers.get(1);
    observer.step(1, 0, ConsensusStep.CONSENSUS_STEP_PREVOTE);
    flooder.step(1, 0, ConsensusStep.CONSENSUS_STEP_PREVOTE);
    for (int i = 0; i < 12; i++) {
      flooder.sendVote(flooder.vote(VoteType.VOTE_TYPE_PREVOTE, 1, 0, BlockID.newBuilder()
          .setHash(ByteString.copyFrom(java.nio.ByteBuffer.allocate(32).putInt(i).array()))
          .setParts(PartSetHeader.newBuilder().setTotal(1)
              .setHash(ByteString.copyFrom(new byte[32])))
          .build()));
    }
    // a precommit after them: the node handles one peer's messages in order, and gossips in
    // the order it took them
    flooder.sendVote(flooder.vote(VoteType.VOTE_TYPE_PRECOMMIT, 1, 0,
        BlockID.getDefaultInstance()));
    Await.until("the flooder's precommit relayed",
        () -> observer.of(ConsensusMessage.SumCase.VOTE).stream()
            .anyMatch(m -> m.getVote().getValidatorIndex() == flooder.index
                && m.getVote().getType() == VoteType.VOTE_TYPE_PRECOMMIT));
    long kept = bft.state().votes().stream()
        .filter(v -> v.getValidatorIndex() == flooder.index
            && v.getType() == VoteType.VOTE_TYPE_PREVOTE)
        .count();
    long relayed = observer.of(ConsensusMessage.SumCase.VOTE).stream()
        .filter(m -> m.getVote().getValidatorIndex() == flooder.index
            && m.getVote().getType() == VoteType.VOTE_TYPE_PREVOTE)
        .count();
    assertEquals(4, kept, "prevotes of the flooder kept");
    assertEquals(4, relayed, "prevotes of the flooder relayed");
    assertEquals(1, evidence.size(), "one equivocation, one report");
    assertFalse(flooder.banned(), "signed votes are evidence, not garbage");
  }

  @Test
  void aProposerCollectsNoBlocksForItsConflictingOrFarAheadProposals() throws Exception {
    // every signed proposal used to start collecting its block (up to 1024 parts of 64 KiB):
    // a proposer that signs many for its round, or for its rounds up to 1000 ahead, had each
    // node hold one open block per proposal until the height ended
    startNode(NO_RESEND);
    List<Scripted> peers = peers();
    io.cybergraph.consensus.state.ValidatorSet machineSet =
        HeightValidators.of(set).machineSet();
    int hostileIndex = machineSet.proposer(1, 1);
    Scripted hostile = peers.stream().filter(p -> p.index == hostileIndex).findFirst()
        .orElseThrow();
    hostile.step(1, 0, ConsensusStep.CONSENSUS_STEP_PROPOSE);
    List<Integer> rounds = new ArrayList<>(List.of(1, 1)); // round 1 twice: an equivocation
    for (int r = 2; rounds.size() < 5; r++) {
      if (machineSet.proposer(1, r) == hostileIndex) {
        rounds.add(r);
      }
    }
    for (int i = 0; i < rounds.size(); i++) {
      // a block of two parts, of which only the first is sent: it stays open
      byte[] junk = new byte[PartSet.PART_SIZE + 1];
      junk[0] = (byte) i;
      PartSet parts = PartSet.of(junk);
      BlockID id = BlockID.newBuilder().setHash(ByteString.copyFrom(new byte[32]))
          .setParts(parts.header()).build();
      Proposal unsigned = Proposal.newBuilder().setHeight(1).setRound(rounds.get(i))
          .setPolRound(-1).setBlockId(id).setTimestampNs(1_800_000_000_000_000_000L)
          .setProposerAddress(ByteString.copyFrom(keys[hostileIndex].address())).build();
      hostile.send(ConsensusMessage.newBuilder().setProposal(unsigned.toBuilder().setSignature(
          ByteString.copyFrom(keys[hostileIndex].sign(SignBytes.proposal(unsigned,
              genesis.chainId()))))).build());
      hostile.send(ConsensusMessage.newBuilder().setBlockPart(BlockPart.newBuilder()
          .setHeight(1).setRound(rounds.get(i)).setParts(parts.header()).setIndex(0)
          .setBytes(ByteString.copyFrom(parts.part(0)))
          .addAllProof(parts.proof(0).stream().map(ByteString::copyFrom).toList())).build());
    }
    // a vote after them: the node handles one peer's messages in order
    hostile.sendVote(hostile.vote(VoteType.VOTE_TYPE_PREVOTE, 1, 0,
        BlockID.getDefaultInstance()));
    Await.until("the hostile validator's prevote taken", () -> bft.state().votes().stream()
        .anyMatch(v -> v.getValidatorIndex() == hostileIndex));
    assertEquals(0, bft.state().round());
    assertEquals(1, bft.blocksCollecting(),
        "only the first proposal of round 1 (the next round) is being collected");
    assertFalse(hostile.banned(), "signed proposals are not garbage");
  }

  @Test
  void garbageBadSignaturesAndBadPartProofsGetThePeerBanned() throws Exception {
    startNode(NO_RESEND);
    List<Scripted> peers = peers();
    // bytes that are no ConsensusMessage
    Scripted garbage = peers.get(0);
    garbage.sendRaw(HexFormat.of().parseHex("ffffffff0badc0de"));
    Await.until("garbage sender banned", garbage::banned);

    // a vote whose signature does not verify
    Scripted forger = peers.get(1);
    forger.step(1, 0, ConsensusStep.CONSENSUS_STEP_PREVOTE);
    Vote good = forger.vote(VoteType.VOTE_TYPE_PREVOTE, 1, 0, BlockID.getDefaultInstance());
    byte[] sig = good.getSignature().toByteArray();
    sig[0] ^= 1;
    forger.sendVote(good.toBuilder().setSignature(ByteString.copyFrom(sig)).build());
    Await.until("forger banned", forger::banned);

    // a block part that does not belong to the root it names
    Scripted liar = peers.get(2);
    PartSet parts = PartSet.of(new byte[PartSet.PART_SIZE + 10]);
    byte[] bytes = parts.part(1);
    bytes[0] ^= 1;
    liar.send(ConsensusMessage.newBuilder().setBlockPart(BlockPart.newBuilder()
        .setHeight(1).setRound(0).setParts(parts.header()).setIndex(1)
        .setBytes(ByteString.copyFrom(bytes))
        .addAllProof(parts.proof(1).stream().map(ByteString::copyFrom).toList())).build());
    Await.until("liar banned", liar::banned);

    assertEquals(0, node.head().height(), "nothing they sent changed the chain");
  }

  @Test
  void aForgersQueuedMessagesAreDroppedOnceItIsBannedWithOneLogLine() throws Exception {
    // every bad vote it got in before the ban used to be verified and logged (and banned again):
    // a fresh node key per connection made that a cheap flood of WARN lines
    startNode(NO_RESEND);
    try (LogLines lines = LogLines.of(ConsensusReactor.class)) {
      Scripted forger = new Scripted(-1);
      forger.step(1, 0, ConsensusStep.CONSENSUS_STEP_PREVOTE);
      Scripted validator = peers().get(0);
      for (int i = 0; i < 500; i++) {
        Vote good = validator.vote(VoteType.VOTE_TYPE_PREVOTE, 1, 0, BlockID.newBuilder()
            .setHash(ByteString.copyFrom(java.nio.ByteBuffer.allocate(32).putInt(i).array()))
            .setParts(PartSetHeader.newBuilder().setTotal(1)
                .setHash(ByteString.copyFrom(new byte[32])))
            .build());
        byte[] sig = good.getSignature().toByteArray();
        sig[0] ^= 1;
        if (!forger.p2p.send(nodeP2p.nodeId(), Channel.CHANNEL_CONSENSUS, ConsensusMessage
            .newBuilder().setVote(good.toBuilder().setSignature(ByteString.copyFrom(sig)))
            .build().toByteArray())) {
          break; // disconnected by the ban
        }
      }
      Await.until("forger banned", forger::banned);
      // the validator's own vote, sent after the forger's, is handled after them
      validator.step(1, 0, ConsensusStep.CONSENSUS_STEP_PREVOTE);
      validator.sendVote(validator.vote(VoteType.VOTE_TYPE_PREVOTE, 1, 0,
          BlockID.getDefaultInstance()));
      Await.until("the validator's prevote taken",
          () -> bft.state().votes().stream().anyMatch(v -> v.getValidatorIndex() == validator.index));
      List<String> said = lines.said().stream()
          .filter(m -> m.contains(forger.p2p.nodeId().toString())).toList();
      assertEquals(1, said.size(), said.size() + " lines: " + said);
    }
  }

  @Test
  void messagesLargerThanTheirShapeGetThePeerBanned() throws Exception {
    // each would be kept unverified: a vote of the next height waits for it, a HasVote is
    // remembered for the peer's height
    startNode(NO_RESEND);
    Scripted bigHash = new Scripted(-1);
    bigHash.step(1, 0, ConsensusStep.CONSENSUS_STEP_PREVOTE);
    bigHash.send(ConsensusMessage.newBuilder().setHasVote(HasVote.newBuilder().setHeight(1)
        .setType(VoteType.VOTE_TYPE_PREVOTE).setIndex(0)
        .setBlockHash(ByteString.copyFrom(new byte[33]))).build());
    Await.until("a HasVote with a 33-byte hash gets its sender banned", bigHash::banned);

    Scripted bigSignature = new Scripted(-1);
    bigSignature.sendVote(Vote.newBuilder().setType(VoteType.VOTE_TYPE_PREVOTE).setHeight(2)
        .setValidatorAddress(ByteString.copyFrom(keys[0].address())).setValidatorIndex(0)
        .setSignature(ByteString.copyFrom(new byte[4096])).build());
    Await.until("a next-height vote with a 4 KiB signature gets its sender banned",
        bigSignature::banned);

    Scripted unknownField = new Scripted(-1);
    byte[] step = ConsensusMessage.newBuilder().setNewRoundStep(NewRoundStep.newBuilder()
        .setHeight(1).setStep(ConsensusStep.CONSENSUS_STEP_PROPOSE)).build().toByteArray();
    java.io.ByteArrayOutputStream padded = new java.io.ByteArrayOutputStream();
    padded.writeBytes(step);
    padded.writeBytes(new byte[] {(byte) 0xa2, 0x06, (byte) 0xd0, 0x0f}); // field 100, 2000 bytes
    padded.writeBytes(new byte[2000]);
    unknownField.sendRaw(padded.toByteArray());
    Await.until("a step padded with an unknown field gets its sender banned",
        unknownField::banned);

    assertEquals(0, node.head().height());
  }

  @Test
  void aSignedProposalOfABlockOfAnotherHeightIsPrevotedNil() throws Exception {
    startNode(NO_RESEND);
    List<Scripted> peers = peersAwaitingTheProposal();
    Scripted proposer = peers.stream()
        .filter(p -> p.index == HeightValidators.of(set).machineSet().proposer(1, 1))
        .findFirst().orElseThrow();
    // the node's own block of height 1, its header moved to height 1000 and re-hashed: the
    // round-1 proposer signs it as its proposal for height 1
    List<BlockPart> ours = new ArrayList<>(proposer.of(ConsensusMessage.SumCase.BLOCK_PART).stream()
        .map(ConsensusMessage::getBlockPart).toList());
    ours.sort(java.util.Comparator.comparingInt(BlockPart::getIndex));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    ours.forEach(part -> bytes.writeBytes(part.getBytes().toByteArray()));
    Block block = Block.parseFrom(bytes.toByteArray());
    Block forged = block.toBuilder()
        .setHeader(block.getHeader().toBuilder().setHeight(1000)).build();
    BlockID forgedId = BlockHashes.blockId(forged);
    PartSet parts = PartSet.of(Protobufs.encode(forged));
    Proposal unsigned = Proposal.newBuilder().setHeight(1).setRound(1).setPolRound(-1)
        .setBlockId(forgedId).setTimestampNs(1_800_000_000_000_000_000L)
        .setProposerAddress(ByteString.copyFrom(keys[proposer.index].address())).build();
    proposer.send(ConsensusMessage.newBuilder().setProposal(unsigned.toBuilder().setSignature(
        ByteString.copyFrom(keys[proposer.index].sign(SignBytes.proposal(unsigned,
            genesis.chainId()))))).build());
    for (int i = 0; i < parts.total(); i++) {
      List<ByteString> proof =
          parts.proof(i).stream().map(ByteString::copyFrom).toList();
      proposer.send(ConsensusMessage.newBuilder().setBlockPart(BlockPart.newBuilder()
          .setHeight(1).setRound(1).setParts(forgedId.getParts()).setIndex(i)
          .setBytes(ByteString.copyFrom(parts.part(i))).addAllProof(proof)).build());
    }
    // two validators already in round 1 take the node there (round skip on f + 1)
    for (Scripted p : peers.subList(0, 2)) {
      p.step(1, 1, ConsensusStep.CONSENSUS_STEP_PREVOTE);
      p.sendVote(p.vote(VoteType.VOTE_TYPE_PREVOTE, 1, 1, BlockID.getDefaultInstance()));
    }

    Await.until("the node's nil prevote in round 1 (not a wait for the rank of height 1000)",
        () -> proposer.of(ConsensusMessage.SumCase.VOTE).stream()
            .map(ConsensusMessage::getVote)
            .anyMatch(v -> v.getValidatorIndex() == me && v.getRound() == 1
                && v.getType() == VoteType.VOTE_TYPE_PREVOTE));
    Vote prevote = proposer.of(ConsensusMessage.SumCase.VOTE).stream()
        .map(ConsensusMessage::getVote)
        .filter(v -> v.getValidatorIndex() == me && v.getRound() == 1).findFirst().orElseThrow();
    assertTrue(prevote.getBlockId().getHash().isEmpty(), "prevoted " + prevote.getBlockId());
    assertFalse(proposer.banned(), "a proposal that verifies is not a reason to ban");
    assertEquals(0, node.head().height());
  }

  @Test
  void aPeerTogglingItsHeightIsNotSentEverythingAgainEachTime() throws Exception {
    // a height change started the set of what the peer has over: a peer alternating between
    // two heights in its NewRoundStep (20 bytes each) had the proposal, the block and the votes
    // sent again at every change
    startNode(NO_RESEND);
    List<Scripted> peers = peersAwaitingTheProposal();
    Scripted toggler = peers.get(0);
    for (int i = 0; i < 10; i++) {
      toggler.step(0, 0, ConsensusStep.CONSENSUS_STEP_COMMIT);
      toggler.step(1, 0, ConsensusStep.CONSENSUS_STEP_PROPOSE);
    }
    // its vote after the toggles (one connection, in order), relayed to another peer: the node
    // has handled the toggles and gossiped since
    toggler.sendVote(toggler.vote(VoteType.VOTE_TYPE_PREVOTE, 1, 0,
        BlockID.getDefaultInstance()));
    Scripted other = peers.get(1);
    Await.until("the toggler's vote relayed", () -> other.of(ConsensusMessage.SumCase.VOTE)
        .stream().anyMatch(m -> m.getVote().getValidatorIndex() == toggler.index));
    assertEquals(1, toggler.of(ConsensusMessage.SumCase.PROPOSAL).size(),
        "the proposal sent again after toggles");
  }

  @Test
  void aPeerThatDoesNotMoveGetsEverythingAgain() throws Exception {
    startNode(new ConsensusReactor.Settings(100, 500));
    Scripted observer = new Scripted(-1);
    observer.step(1, 0, ConsensusStep.CONSENSUS_STEP_PROPOSE);
    // the resend sends the proposal, then its parts: wait for both, not one then a look
    Await.until("the proposal and its part twice (the peer did not move for 500 ms)",
        () -> observer.of(ConsensusMessage.SumCase.PROPOSAL).size() >= 2
            && observer.of(ConsensusMessage.SumCase.BLOCK_PART).size() >= 2);
  }

  private ChainGenesis genesis() {
    Genesis g = new Genesis();
    g.chainId = TestChain.CHAIN_ID;
    g.genesisTime = "2026-01-01T00:00:00Z";
    for (int i = 0; i < VALIDATORS; i++) {
      Genesis.GenesisValidator v = new Genesis.GenesisValidator();
      v.name = "v" + i;
      v.publicKey = HexFormat.of().formatHex(keys[i].publicKey());
      v.power = 10;
      g.validators.add(v);
    }
    Genesis.GenesisAccount a = new Genesis.GenesisAccount();
    a.name = "a0";
    a.address = io.cybergraph.proto.crypto.Address.toBech32(TestChain.key(0).address());
    a.balance = "1000000";
    g.accounts.add(a);
    return GenesisLoader.parse(GenesisLoader.toJson(g), "genesis.json");
  }
}
