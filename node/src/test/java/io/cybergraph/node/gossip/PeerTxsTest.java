package io.cybergraph.node.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.p2p.NodeId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTxsTest {
  private static ByteKey hash(int i) {
    return ByteKey.of(new byte[] {(byte) i});
  }

  @Test
  void knownHashesAreBoundedOldestFirst() {
    KnownTxs known = new KnownTxs(3);
    assertTrue(known.add(hash(1)));
    assertFalse(known.add(hash(1)));
    known.add(hash(2));
    known.add(hash(3));
    known.add(hash(4));
    assertEquals(3, known.size());
    assertFalse(known.contains(hash(1)));
    assertTrue(known.contains(hash(4)));
  }

  @Test
  void aForgottenHashMayComeAgainAndLeavesNothingBehind() {
    KnownTxs known = new KnownTxs(3);
    for (int i = 0; i < 10_000; i++) { // refused for now, again and again
      assertTrue(known.add(hash(i)));
      known.remove(hash(i));
    }
    assertEquals(0, known.size());
    assertTrue(known.add(hash(1)));
    assertFalse(known.add(hash(1)));
  }

  @Test
  void aTxIsQueuedOnceAndNotForAPeerThatSentIt() {
    GossipConfig config = new GossipConfig(2, 10, Duration.ZERO, 100, 3, 10, 10, 1);
    PeerTxs peer = new PeerTxs(new NodeId("ab".repeat(20)), config);
    peer.received(hash(1));
    assertFalse(peer.offer(hash(1), new byte[4]), "it sent us this one");
    assertTrue(peer.offer(hash(2), new byte[4]));
    assertFalse(peer.offer(hash(2), new byte[4]), "queued already");
    assertTrue(peer.offer(hash(3), new byte[4]));
    assertTrue(peer.offer(hash(4), new byte[4]));
    assertFalse(peer.offer(hash(5), new byte[4]), "outbox full");
    assertEquals(1, peer.dropped());
    // batches of at most 2 txs and 10 bytes (a larger single tx would go alone)
    List<byte[]> first = peer.takeBatch(2, 10);
    assertEquals(2, first.size());
    peer.putBack(first);
    assertEquals(2, peer.takeBatch(2, 10).size());
    assertEquals(1, peer.takeBatch(2, 10).size());
    assertFalse(peer.hasOutgoing());
    assertTrue(peer.offer(hash(6), new byte[40]));
    assertEquals(1, peer.takeBatch(2, 10).size(), "a tx above the byte limit goes alone");
  }
}
