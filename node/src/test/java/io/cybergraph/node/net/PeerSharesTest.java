package io.cybergraph.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.p2p.NodeId;
import org.junit.jupiter.api.Test;

class PeerSharesTest {
  private static final NodeId FLOODER = new NodeId("aa".repeat(20));
  private static final NodeId HONEST = new NodeId("bb".repeat(20));

  @Test
  void aFloodingPeerIsHeldToItsShareWhileOthersStillGetIn() {
    PeerShares shares = new PeerShares(3);
    for (int i = 0; i < 3; i++) {
      assertTrue(shares.take(FLOODER));
    }
    for (int i = 0; i < 100; i++) {
      assertFalse(shares.take(FLOODER), "past its share");
    }
    assertEquals(3, shares.waiting(FLOODER), "refusals are not counted");
    assertTrue(shares.take(HONEST));

    shares.release(FLOODER); // the consensus thread read one
    assertTrue(shares.take(FLOODER));
    assertFalse(shares.take(FLOODER));
  }

  @Test
  void aPeerLeavesTheCountWithItsLastMessage() {
    PeerShares shares = new PeerShares(2);
    assertTrue(shares.take(HONEST));
    shares.release(HONEST);
    assertEquals(0, shares.waiting(HONEST));
    assertTrue(shares.take(HONEST));
    assertTrue(shares.take(HONEST));
  }
}
