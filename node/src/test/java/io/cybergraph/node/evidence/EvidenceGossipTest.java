package io.cybergraph.node.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.net.Await;
import io.cybergraph.node.net.TestNetwork;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.EvidenceMessage;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.StoreOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence gossip between real p2p nodes on 127.0.0.1, each with its own store and pool. */
class EvidenceGossipTest {
  private static final int BASE = 50;
  private static final ValidatorSet SET = Votes.set(BASE, 4);

  @TempDir Path dir;
  private final TestNetwork net = new TestNetwork();

  private final class Node {
    final ChainStore store;
    final EvidencePool pool;
    final P2pNode p2p;
    final EvidenceGossip gossip;

    Node(String name) throws Exception {
      store = net.closeLater(
          ChainStore.open(dir.resolve(name), new StoreOptions(8 << 20, 8 << 20)));
      EvidenceVerifier verifier = new EvidenceVerifier(Votes.CHAIN_ID,
          ValidatorSets.fixed(SET, store::latestHeight), EvidenceParams.defaults(),
          store.evidence());
      pool = new EvidencePool(store.evidence(), verifier, store::latestHeight, 100);
      p2p = net.create(name);
      gossip = net.closeLater(new EvidenceGossip(p2p, pool));
      gossip.start();
      p2p.start();
    }

    boolean has(Evidence e) {
      return pool.hasHash(VerifiedEvidence.of(e, 0).hash());
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    net.close();
  }

  private static Evidence equivocation(int validator, long height) {
    return Votes.equivocation(TestChain.key(BASE + validator), validator, height);
  }

  private static byte[] message(Evidence... evidence) {
    return Protobufs.encode(EvidenceMessage.newBuilder()
        .addAllEvidence(java.util.List.of(evidence)).build());
  }

  @Test
  void evidenceReachesEveryNodeAndALateNodeGetsThePendingPool() throws Exception {
    Node a = new Node("a");
    Node b = new Node("b");
    Node c = new Node("c");
    TestNetwork.connect(a.p2p, b.p2p); // a line: a - b - c
    TestNetwork.connect(b.p2p, c.p2p);
    Evidence e = equivocation(1, 1);
    assertEquals(EvidencePool.Outcome.ADDED, a.pool.add(e));
    Await.until("evidence at c", () -> c.has(e));
    assertTrue(b.has(e));
    assertEquals(1, c.store.evidence().pending().size(), "persisted at the receiver");
    Node d = new Node("d");
    TestNetwork.connect(d.p2p, c.p2p);
    Await.until("pending evidence sent to a new peer", () -> d.has(e));
    // each node sent it once per peer that lacked it: a → b, b → c, c → d, and nothing back
    Await.until("counts settle", () -> d.gossip.counts()[0] == 1);
    assertEquals(1, b.gossip.counts()[0], "b received it once (from a, not back from c)");
    assertEquals(1, a.gossip.counts()[2]);
    assertEquals(0, a.gossip.counts()[0], "nothing went back to its origin");
  }

  @Test
  void aPeerSendingForgedEvidenceIsBannedButStaleEvidenceIsNoFault() throws Exception {
    Node honest = new Node("honest");
    P2pNode stale = net.create("stale");
    P2pNode forger = net.create("forger");
    TestNetwork.start(stale, forger);
    TestNetwork.connect(stale, honest.p2p);
    TestNetwork.connect(forger, honest.p2p);
    // votes of height 5 while this chain agrees height 1: not yet checkable, not a fault
    Evidence future = equivocation(2, 5);
    stale.send(honest.p2p.nodeId(), Channel.CHANNEL_EVIDENCE, message(future));
    Evidence valid = equivocation(3, 1);
    stale.send(honest.p2p.nodeId(), Channel.CHANNEL_EVIDENCE, message(valid));
    Await.until("valid evidence from the stale peer", () -> honest.has(valid));
    assertFalse(honest.has(future));
    assertFalse(honest.p2p.isBanned(stale.nodeId()));

    Evidence e = equivocation(1, 1);
    Vote forgedB = e.getDuplicateVote().getVoteB().toBuilder().setTimestampNs(1).build();
    Evidence forged = e.toBuilder()
        .setDuplicateVote(e.getDuplicateVote().toBuilder().setVoteB(forgedB)).build();
    forger.send(honest.p2p.nodeId(), Channel.CHANNEL_EVIDENCE, message(forged));
    Await.until("forger banned", () -> honest.p2p.isBanned(forger.nodeId()));
    assertFalse(honest.has(forged));
    assertEquals(1, honest.pool.size());
  }

  @Test
  void anOversizedMessageDropsThePeer() throws Exception {
    Node honest = new Node("honest");
    P2pNode flooder = net.create("flooder");
    TestNetwork.start(flooder);
    TestNetwork.connect(flooder, honest.p2p);
    Evidence[] many = new Evidence[EvidenceGossip.MAX_PER_MESSAGE + 1];
    java.util.Arrays.fill(many, equivocation(1, 1));
    flooder.send(honest.p2p.nodeId(), Channel.CHANNEL_EVIDENCE, message(many));
    Await.until("flooder banned", () -> honest.p2p.isBanned(flooder.nodeId()));
    assertEquals(0, honest.pool.size());
  }
}
