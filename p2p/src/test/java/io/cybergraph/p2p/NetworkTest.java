package io.cybergraph.p2p;

import static io.cybergraph.p2p.Inbox.bytes;
import static io.cybergraph.p2p.TestNet.addressOf;
import static io.cybergraph.p2p.TestNet.connected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.proto.pb.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real nodes on 127.0.0.1 finding each other through persistent peers and talking. */
class NetworkTest {

  @Test
  void twoNodesConnectAndExchangeOnEveryChannel() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      P2pNode b = net.start("b", c -> c.persistentPeers(List.of(addressOf(a))));
      Await.until("a and b connected", () -> connected(a, b));

      PeerInfo seenByA = a.peer(b.nodeId()).orElseThrow();
      assertEquals(Direction.INBOUND, seenByA.direction());
      assertEquals("b", seenByA.moniker());
      assertEquals(Direction.OUTBOUND, b.peer(a.nodeId()).orElseThrow().direction());
    }
  }
}
