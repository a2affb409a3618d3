package io.cybergraph.p2p;

import static io.cybergraph.p2p.Inbox.bytes;
import static io.cybergraph.p2p.TestNet.addressOf;
import static io.cybergraph.p2p.TestNet.connected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.Envelope;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Connection limits and the per-peer send queue bound. */
class LimitsTest {

  @Test
  void inboundConnectionsBeyondTheLimitAreRefused() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode hub = net.start("hub", c -> c.maxInbound(1));
      P2pNode first = net.start("first");
      P2pNode second = net.start("second");

      first.dial(addressOf(hub)).get(10, TimeUnit.SECONDS);
      Await.until("both ends connected", () -> connected(hub, first));
      HandshakeTest.refusal(second.dial(addressOf(hub)));

      assertEquals(List.of(first.nodeId()), hub.peers().stream().map(PeerInfo::id).toList());
      assertTrue(second.peers().isEmpty());

      first.stop();
      Await.until("the freed slot to take the second node", () -> {
        CompletableFuture<PeerInfo> dial = second.dial(addressOf(hub));
        try {
          dial.get(10, TimeUnit.SECONDS);
          return true;
        } catch (Exception refusedWhileTheSlotIsStillTaken) {
          return false;
        }
      });
      Await.until("both ends connected", () -> connected(hub, second));
    }
  }

  @Test
  void oneAddressCannotTakeEveryInboundSlot() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode hub = net.start("hub", c -> c.maxInbound(4).maxInboundPerAddress(2));
      int port = hub.listenPort();
      try (RawPeer first = RawPeer.connectFrom("127.0.0.1", port, NodeKey.generate());
          RawPeer second = RawPeer.connectFrom("127.0.0.1", port, NodeKey.generate())) {
        first.handshake(TestNet.CHAIN);
        second.handshake(TestNet.CHAIN);
        Await.until("both to be connected", () -> hub.peers().size() == 2);

        // a third from the same address is closed before TLS, however often it tries
        for (int i = 0; i < 10; i++) {
          assertThrows(IOException.class,
              () -> RawPeer.connectFrom("127.0.0.1", port, NodeKey.generate()).close());
        }
        // while another address still finds a free slot
        try (RawPeer other = RawPeer.connectFrom("127.0.0.2", port, NodeKey.generate())) {
          other.handshake(TestNet.CHAIN);
          Await.until("the other address to be connected", () -> hub.peer(other.id()).isPresent());
        }
      }
      // the address's slots are given back when its connections close
      Await.until("the hub to see the first two go", () -> hub.peers().isEmpty());
      try (RawPeer again = RawPeer.connectFrom("127.0.0.1", port, NodeKey.generate())) {
        again.handshake(TestNet.CHAIN);
        Await.until("a connection from the address again", () -> hub.peer(again.id()).isPresent());
      }
    }
  }

  @Test
  void dialsBeyondTheOutboundLimitAreRefusedButPersistentPeersAreNot() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode dialer = net.start("dialer", c -> c.maxOutbound(1));
      P2pNode x = net.start("x");
      P2pNode y = net.start("y");

      dialer.dial(addressOf(x)).get(10, TimeUnit.SECONDS);
      String why = HandshakeTest.refusal(dialer.dial(addressOf(y)));
      assertTrue(why.contains("outbound"), why);

      dialer.addPersistentPeer(addressOf(y));
      Await.until("the persistent peer to connect", () -> connected(dialer, y));
      assertEquals(2, dialer.peers().size());
    }
  }

  @Test
  void sendQueueIsBoundedForAPeerThatDoesNotRead() throws Exception {
    int queueSize = 8;
    try (TestNet net = new TestNet()) {
      P2pNode node = net.start("node", c -> c.sendQueueSize(queueSize));
      try (RawPeer slow = RawPeer.connect(node.listenPort(), NodeKey.generate())) {
        slow.handshake(TestNet.CHAIN);
        Await.until("the slow peer to be connected", () -> node.peer(slow.id()).isPresent());

        // the slow peer reads nothing: socket buffers fill up, then the queue, then sends fail
        byte[] block = new byte[256 * 1024];
        int accepted = 0;
        long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
        while (node.send(slow.id(), Channel.CHANNEL_BLOCKSYNC, block)) {
          accepted++;
          assertTrue(System.nanoTime() < deadline, "sends never refused after " + accepted);
        }
        PeerInfo full = node.peer(slow.id()).orElseThrow();
        assertTrue(full.queuedSends() <= queueSize, full.toString());
        assertEquals(1, full.droppedSends());

        // a full queue is not a reason to disconnect: once the peer reads, sending works again
        for (int i = 0; i < accepted; i++) {
          Envelope received = slow.readApplication();
          assertEquals(Channel.CHANNEL_BLOCKSYNC, received.getChannel());
          assertEquals(ByteString.copyFrom(block), received.getPayload());
        }
        Await.until("the queue to drain", () -> node.peer(slow.id()).orElseThrow().queuedSends() == 0);
        assertTrue(node.send(slow.id(), Channel.CHANNEL_BLOCKSYNC, bytes("more")));
        assertEquals(ByteString.copyFrom(bytes("more")), slow.readApplication().getPayload());
      }
    }
  }

  @Test
  void aPeerSendingFasterThanTheByteBudgetIsSlowedNotBanned() throws Exception {
    // the bytes a node asks for count too: a node fetching a rank snapshot of millions of
    // particles from a fast peer used to ban it for "flood: more than N bytes per second"
    long rate = 128 * 1024; // bursts of twice that
    try (TestNet net = new TestNet()) {
      P2pNode victim = net.create("victim", NodeKey.generate(), TestNet.CHAIN,
          c -> c.maxFrameBytes(64 * 1024).maxBytesPerSecond(rate));
      Inbox inbox = new Inbox();
      victim.setHandler(Channel.CHANNEL_MEMPOOL, inbox);
      victim.start();
      NodeKey key = NodeKey.generate();
      int frames = 24;
      byte[] payload = new byte[32 * 1024]; // 768 KiB in all: three times the burst
      long started = System.nanoTime();
      try (RawPeer fast = RawPeer.connect(victim.listenPort(), key)) {
        fast.handshake(TestNet.CHAIN);
        for (int i = 0; i < frames; i++) {
          fast.send(Channel.CHANNEL_MEMPOOL, payload);
        }
        Await.until("every frame handled", () -> inbox.count() == frames,
            () -> inbox.count() + " of " + frames);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      assertFalse(victim.isBanned(key.id()), "a fast sender is not a flooder");
      // what is over the burst came at the budget's rate: (768 - 256 - 32) KiB at 128 KiB/s
      assertTrue(seconds >= 3.0, "768 KiB taken in " + seconds + " s");
    }
  }
}
