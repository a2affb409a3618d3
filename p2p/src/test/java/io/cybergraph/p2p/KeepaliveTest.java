package io.cybergraph.p2p;

import static io.cybergraph.p2p.TestNet.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.ControlMessage;
import io.cybergraph.proto.pb.Envelope;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Quiet connections are kept alive by pings; a peer that goes silent is dropped. */
class KeepaliveTest {

  private static final Duration PING = Duration.ofMillis(50);
  private static final Duration IDLE = Duration.ofMillis(300);

  @Test
  void idleNodesPingEachOtherAndStayConnected() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a", c -> c.pingInterval(PING).idleTimeout(IDLE));
      P2pNode b = net.start("b", c -> c.pingInterval(PING).idleTimeout(IDLE));
      PeerInfo first = b.dial(addressOf(a)).get(10, TimeUnit.SECONDS);
      Await.until("both ends connected", () -> TestNet.connected(a, b));
      long bytesAfterHandshake = a.peer(b.nodeId()).orElseThrow().bytesIn();

      // 20 pings of b (each well over 4 bytes) take about 20 ping intervals: several idle timeouts
      Await.until("a to receive many pings from b",
          () -> a.peer(b.nodeId()).map(p -> p.bytesIn() > bytesAfterHandshake + 20 * 8)
              .orElse(false));

      assertEquals(first.connectedSince(), b.peer(a.nodeId()).orElseThrow().connectedSince(),
          "still the first connection");
    }
  }

  @Test
  void peerThatStaysSilentIsDisconnectedAfterTheIdleTimeout() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a", c -> c.pingInterval(PING).idleTimeout(IDLE));
      try (RawPeer silent = RawPeer.connect(a.listenPort(), NodeKey.generate())) {
        silent.handshake(TestNet.CHAIN);
        Envelope ping = silent.read();
        assertEquals(Channel.CHANNEL_CONTROL, ping.getChannel());
        assertTrue(ControlMessage.parseFrom(ping.getPayload()).hasPing(), "the node pings first");

        assertTrue(silent.awaitClosed(Await.DEFAULT), "the node drops the silent peer");
        assertFalse(a.isBanned(silent.id()), "silence is not misbehaviour");
      }
    }
  }
}
