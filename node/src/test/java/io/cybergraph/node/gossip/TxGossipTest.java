package io.cybergraph.node.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.mempool.Mempool;
import io.cybergraph.node.net.Await;
import io.cybergraph.node.net.TestNetwork;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.MempoolMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tx gossip between real p2p nodes on 127.0.0.1, each with its own mempool over the same
 * genesis.
 */
class TxGossipTest {
  // txs wait 20 ms to be batched, so batches are large even on a busy machine
  private static final GossipConfig CONFIG =
      GossipConfig.defaults().withMaxInvalidTxs(3).withFlushDelay(Duration.ofMillis(20));
  private final TestNetwork net = new TestNetwork();

  /** One node: app state, mempool, p2p and gossip. */
  private final class Node {
    // T = 1,000,000, W = 10; four neurons with equal stake: 250,000 links of bandwidth each
    final TestChain chain = new TestChain(1_000_000, 10, 100, 100, 100, 100);
    final Mempool mempool = new Mempool(limits(), chain.state, chain.preparer);
    final P2pNode p2p;
    final TxGossip gossip;

    Node(String name) throws Exception {
      this(name, CONFIG);
    }

    Node(String name, GossipConfig config) throws Exception {
      this(name, config, TxGossip.PENDING_OFFER_INTERVAL_NANOS);
    }

    Node(String name, GossipConfig config, long pendingOfferIntervalNanos) throws Exception {
      p2p = net.create(name);
      gossip = net.closeLater(
          new TxGossip(p2p, mempool, config, pendingOfferIntervalNanos));
      gossip.start();
      p2p.start();
    }

    boolean has(byte[] tx) {
      return mempool.contains(hash(tx));
    }

    /**
     * Holds the mempool's lock on another thread, as a block's recheck does, until closed:
     * admission waits meanwhile.
     */
    AutoCloseable busyWithABlock() throws InterruptedException {
      CountDownLatch locked = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread recheck = new Thread(() -> {
        synchronized (mempool) {
          locked.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }, "recheck");
      recheck.start();
      assertTrue(locked.await(10, TimeUnit.SECONDS));
      return () -> {
        release.countDown();
        recheck.join();
      };
    }
  }

  private static NodeConfig.MempoolSection limits() {
    NodeConfig.MempoolSection m = new NodeConfig.MempoolSection();
    m.cacheSize = 10_000;
    return m;
  }

  private static ByteKey hash(byte[] tx) {
    return ByteKey.of(Hashes.sha256(tx));
  }

  @AfterEach
  void tearDown() throws Exception {
    net.close();
  }

  @Test
  void aTxReachesEveryNodeOnceAndNeverGoesBackToItsSender() throws Exception {
    Node a = new Node("a");
    Node b = new Node("b");
    Node c = new Node("c");
    TestNetwork.connect(a.p2p, b.p2p); // a line: a - b - c
    TestNetwork.connect(b.p2p, c.p2p);
    byte[] tx1 = a.chain.links(0, 0, 1, 2);
    a.gossip.submit(tx1);
    Await.until("tx1 at c", () -> c.has(tx1));
    assertTrue(b.has(tx1));
    // a tx from c travels back the same links after anything sent before it
    byte[] tx2 = c.chain.links(1, 0, 3, 4);
    c.gossip.submit(tx2);
    Await.until("tx2 at a", () -> a.has(tx2));
    // b counts a send once the p2p layer took it, which may be after a has the tx
    Await.until("b's second send counted", () -> b.gossip.stats().txsSent() >= 2);
    assertEquals(1, a.gossip.stats().txsReceived(), "a got tx2 only, no echo of tx1");
    assertEquals(1, c.gossip.stats().txsReceived(), "c got tx1 only, no echo of tx2");
    assertEquals(2, b.gossip.stats().txsReceived());
    assertEquals(2, b.gossip.stats().txsAdmitted());
    assertEquals(2, b.gossip.stats().txsSent(), "b passed each on once");
    assertEquals(0, b.gossip.stats().txsAlreadySeen());
  }

  @Test
  void aMempoolBusyWithABlockDoesNotHoldUpThePeersIoThread() throws Exception {
    // a block's recheck holds the mempool's lock; the I/O thread reading a peer's txs must not
    // wait for it (it checked mempool.seen there), or every peer on that thread waits too
    Node a = new Node("a");
    Node b = new Node("b");
    TestNetwork.connect(a.p2p, b.p2p);
    CountDownLatch otherChannel = new CountDownLatch(1);
    b.p2p.setHandler(Channel.CHANNEL_EVIDENCE,
        (from, payload) -> otherChannel.countDown());
    try (AutoCloseable busy = b.busyWithABlock()) {
      byte[] tx = a.chain.links(0, 0, 1, 2);
      a.gossip.submit(tx);
      Await.until("the tx received by b", () -> b.gossip.stats().txsReceived() == 1);
      assertTrue(a.p2p.send(b.p2p.nodeId(), Channel.CHANNEL_EVIDENCE,
          new byte[] {1}));
      assertTrue(otherChannel.await(10, TimeUnit.SECONDS),
          "a message after the tx is handled while the mempool is locked");
    }
    Await.until("the tx admitted once the lock is free", () -> b.has(a.chain.links(0, 0, 1, 2)));
  }

  @Test
  void onePeerCannotFillTheAdmissionQueueAndCrowdOutAnother() throws Exception {
    // 100 places, 10 per peer: a peer's flood waited there and every other peer's txs were
    // dropped until the admission thread caught up
    Node b = new Node("b", new GossipConfig(500, 1 << 20, Duration.ofMillis(20), 20_000, 20_000,
        100, 2_000, 3));
    Node flooder = new Node("flooder");
    Node honest = new Node("honest");
    TestNetwork.connect(flooder.p2p, b.p2p);
    TestNetwork.connect(honest.p2p, b.p2p);
    List<byte[]> honestTxs = new ArrayList<>();
    List<byte[]> flood = new ArrayList<>();
    try (AutoCloseable busy = b.busyWithABlock()) {
      for (int i = 0; i < 150; i++) {
        flood.add(flooder.chain.links(0, i, 1000 + i, 2000 + i));
        flooder.gossip.submit(flood.get(i));
      }
      Await.until("the flood at b", () -> b.gossip.stats().txsReceived() == 150);
      long dropped = b.gossip.stats().txsDropped();
      assertTrue(dropped >= 139, dropped + " of the flood dropped"); // 10 wait, 1 in admission
      for (int i = 0; i < 5; i++) {
        byte[] tx = honest.chain.links(1, i, 3000 + i, 4000 + i);
        honestTxs.add(tx);
        honest.gossip.submit(tx);
      }
      Await.until("the honest txs at b", () -> b.gossip.stats().txsReceived() == 155);
      assertEquals(dropped, b.gossip.stats().txsDropped(), "an honest tx dropped");
    }
    Await.until("the honest txs admitted", () -> honestTxs.stream().allMatch(b::has));
    // a tx dropped unchecked and sent again by the same peer is checked (here refused for its
    // sequence gap), not skipped as one it sent before. The last two of the flood: at most one
    // of them got a place (the one that came when admission took its first tx), and the txs
    // queued before the honest ones have all been checked by now
    long refused = b.gossip.stats().txsRefused();
    assertTrue(flooder.p2p.send(b.p2p.nodeId(), Channel.CHANNEL_MEMPOOL,
        message(flood.subList(148, 150))));
    Await.until("a dropped tx checked when sent again",
        () -> b.gossip.stats().txsRefused() > refused);
  }

  @Test
  void manyTxsTravelInBatchesAndKeepTheirSequenceOrder() throws Exception {
    Node a = new Node("a");
    Node b = new Node("b");
    Node c = new Node("c");
    TestNetwork.connect(a.p2p, b.p2p);
    TestNetwork.connect(b.p2p, c.p2p);
    TestNetwork.connect(a.p2p, c.p2p); // a triangle: each node hears of a tx from two sides
    List<byte[]> txs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      txs.add(a.chain.links(i % 4, i / 4, 10 + i, 11 + i));
    }
    for (byte[] tx : txs) {
      a.gossip.submit(tx);
    }
    Await.until("300 txs at b and c", () -> b.mempool.size() == 300 && c.mempool.size() == 300,
        () -> "b " + b.mempool.size() + " " + b.gossip.stats() + ", c " + c.mempool.size() + " "
            + c.gossip.stats());
    for (Node n : List.of(b, c)) {
      GossipStats s = n.gossip.stats();
      assertEquals(300, s.txsAdmitted(), s.toString());
      assertEquals(0, s.txsRefused(), "sequence order kept: " + s);
      assertTrue(s.messagesReceived() * 4 <= s.txsReceived(), "batched: " + s);
    }
    // a sent each tx to b and c once; b and c may cross copies before either hears from the
    // other, and neither sends a tx back to a, whom it got it from: at most 4 sends per tx
    assertEquals(600, a.gossip.stats().txsSent());
    long sent = a.gossip.stats().txsSent() + b.gossip.stats().txsSent() + c.gossip.stats().txsSent();
    assertTrue(sent <= 1200, "txs sent " + sent);
    assertEquals(0, a.gossip.stats().txsReceived() - a.gossip.stats().txsAlreadySeen());
  }

  @Test
  void aPeerThatConnectsIsSentThePendingTxs() throws Exception {
    Node a = new Node("a");
    List<byte[]> txs = List.of(a.chain.links(0, 0, 1, 2), a.chain.links(0, 1, 1, 3),
        a.chain.links(2, 0, 5, 6));
    for (byte[] tx : txs) {
      a.gossip.submit(tx);
    }
    Node d = new Node("d");
    TestNetwork.connect(d.p2p, a.p2p);
    Await.until("pending txs at d", () -> txs.stream().allMatch(d::has));
  }

  @Test
  void peersDiallingInFromOneAddressAreSentThePendingTxsOnceInTheInterval() throws Exception {
    // node keys cost nothing: a host reconnecting under fresh IDs was sent the whole mempool
    // at every handshake
    Node a = new Node("a", CONFIG, TimeUnit.HOURS.toNanos(1)); // no race
    List<byte[]> pending = List.of(a.chain.links(0, 0, 1, 2), a.chain.links(0, 1, 1, 3));
    for (byte[] tx : pending) {
      a.gossip.submit(tx);
    }
    Node first = new Node("first");
    TestNetwork.connect(first.p2p, a.p2p); // dials in from 127.0.0.1
    Await.until("pending txs at the first", () -> pending.stream().allMatch(first::has));

    Node second = new Node("second");
    TestNetwork.connect(second.p2p, a.p2p); // from 127.0.0.1 again, within the interval
    byte[] later = a.chain.links(1, 0, 7, 8);
    a.gossip.submit(later);
    // one connection, in order: had the pending txs been offered, they would have come first
    Await.until("the later tx at the second", () -> second.has(later));
    assertFalse(pending.stream().anyMatch(second::has), "the pending txs sent again");

    Node dialled = new Node("dialled");
    TestNetwork.connect(a.p2p, dialled.p2p); // a node a dials: always offered
    Await.until("pending txs at the dialled node", () -> pending.stream().allMatch(dialled::has));
  }

  private static byte[] message(List<byte[]> txs) {
    MempoolMessage.Builder m = MempoolMessage.newBuilder();
    txs.forEach(t -> m.addTxs(ByteString.copyFrom(t)));
    return Protobufs.encode(m.build());
  }

  @Test
  void validTxsTheMempoolRefusesAreNotMisbehaviourButInvalidOnesGetThePeerBanned()
      throws Exception {
    Node a = new Node("a");
    P2pNode evil = net.create("evil");
    evil.start();
    TestNetwork.connect(evil, a.p2p);
    // well-formed and signed, refused for state reasons: sequence gaps, duplicates, no stake
    List<byte[]> refusable = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      refusable.add(a.chain.links(1, 5 + i, 20 + i, 21 + i)); // sequence 5.. while 0 is next
    }
    refusable.add(a.chain.links(6, 0, 1, 2)); // key 6 has no account: no stake
    byte[] good = a.chain.links(0, 0, 1, 2);
    refusable.add(good);
    refusable.add(good); // the second is already in the mempool
    evil.send(a.p2p.nodeId(), Channel.CHANNEL_MEMPOOL, message(refusable));
    Await.until("refusals processed", () -> a.gossip.stats().txsRefused() == 11
        && a.has(good), () -> a.gossip.stats().toString());
    assertEquals(0, a.gossip.stats().txsInvalid());
    assertTrue(a.p2p.peer(evil.nodeId()).isPresent(), "still connected");

    byte[] signed = a.chain.links(2, 0, 7, 8);
    List<byte[]> forged = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] bad = signed.clone();
      bad[bad.length - 1 - i] ^= 1; // a bit of the signature
      forged.add(bad);
    }
    evil.send(a.p2p.nodeId(), Channel.CHANNEL_MEMPOOL, message(forged.subList(0, 2)));
    Await.until("two invalid txs counted", () -> a.gossip.stats().txsInvalid() == 2);
    assertFalse(a.p2p.isBanned(evil.nodeId()), "below the threshold");
    evil.send(a.p2p.nodeId(), Channel.CHANNEL_MEMPOOL, message(forged.subList(2, 3)));
    Await.until("evil banned", () -> a.p2p.isBanned(evil.nodeId()));
    assertFalse(a.has(signed));
    assertEquals(1, a.mempool.size());
  }

  @Test
  void aTxAPeerSendsAgainIsNotCheckedAgain() throws Exception {
    // refused for now (its sequence is ahead), the tx is forgotten by the recent set so that it
    // may come again; from the same connection it was checked again at every copy
    Node a = new Node("a");
    P2pNode evil = net.create("evil");
    evil.start();
    TestNetwork.connect(evil, a.p2p);
    byte[] ahead = a.chain.links(1, 5, 20, 21);
    evil.send(a.p2p.nodeId(), Channel.CHANNEL_MEMPOOL, message(List.of(ahead)));
    Await.until("the first copy refused", () -> a.gossip.stats().txsRefused() == 1);
    evil.send(a.p2p.nodeId(), Channel.CHANNEL_MEMPOOL, message(List.of(ahead, ahead)));
    Await.until("both copies handled", () -> a.gossip.stats().txsRefused()
        + a.gossip.stats().txsAlreadySeen() == 3, () -> a.gossip.stats().toString());
    assertEquals(1, a.gossip.stats().txsRefused(), a.gossip.stats().toString());
    assertTrue(a.p2p.peer(evil.nodeId()).isPresent(), "not banned: an honest peer may repeat"
        + " a tx once its own record of what it sent has forgotten it");
    // another peer's copy is still checked: it may be the one that is now in order
    P2pNode other = net.create("other");
    other.start();
    TestNetwork.connect(other, a.p2p);
    other.send(a.p2p.nodeId(), Channel.CHANNEL_MEMPOOL, message(List.of(ahead)));
    Await.until("the other peer's copy checked", () -> a.gossip.stats().txsRefused() == 2,
        () -> a.gossip.stats().toString());
  }

  @Test
  void aMessageWithTooManyTxsIsAProtocolViolation() throws Exception {
    Node a = new Node("a");
    P2pNode evil = net.create("evil", b -> b.maxFrameBytes(8 << 20));
    evil.start();
    TestNetwork.connect(evil, a.p2p);
    List<byte[]> txs = new ArrayList<>();
    for (int i = 0; i <= CONFIG.maxTxsPerMessage(); i++) {
      txs.add(new byte[] {(byte) i});
    }
    evil.send(a.p2p.nodeId(), Channel.CHANNEL_MEMPOOL, message(txs));
    Await.until("evil banned", () -> a.p2p.isBanned(evil.nodeId()));
    assertEquals(0, a.gossip.stats().txsReceived(), "nothing of it was looked at");
  }
}
