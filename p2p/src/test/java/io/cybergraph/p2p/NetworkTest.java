package io.cybergraph.p2p;

import static io.cybergraph.p2p.Inbox.bytes;
import static io.cybergraph.p2p.TestNet.addressOf;
import static io.cybergraph.p2p.TestNet.connected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.proto.pb.Channel;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Real nodes on 127.0.0.1 finding each other through persistent peers and talking. */
class NetworkTest {

  private static final List<Channel> APPLICATION_CHANNELS =
      List.of(Channel.CHANNEL_MEMPOOL, Channel.CHANNEL_BLOCKSYNC, Channel.CHANNEL_CONSENSUS,
          Channel.CHANNEL_EVIDENCE);

  /** One line a person (and `cyber devnet up`'s hint) can read, not Netty's native call. */
  @Test
  void aTakenListenPortIsRefusedInTheSystemsWords() throws Exception {
    try (TestNet net = new TestNet();
        ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(
          java.io.IOException.class,
          () -> net.start("late", b -> b.listen("127.0.0.1", taken.getLocalPort())));
      assertEquals("cannot listen for p2p on 127.0.0.1:" + taken.getLocalPort()
          + ": Address already in use", e.getMessage());
    }
  }

  @Test
  void twoNodesConnectThroughPersistentPeersAndTalkOnEveryChannel() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      Map<Channel, Inbox> inboxA = inboxes(a);
      P2pNode b = net.start("b", c -> c.persistentPeers(List.of(addressOf(a))));
      Map<Channel, Inbox> inboxB = inboxes(b);
      Await.until("a and b connected", () -> connected(a, b));

      for (Channel channel : APPLICATION_CHANNELS) {
        assertTrue(a.send(b.nodeId(), channel, bytes("a to b on " + channel)));
        assertTrue(b.send(a.nodeId(), channel, bytes("b to a on " + channel)));
      }
      for (Channel channel : APPLICATION_CHANNELS) {
        Await.until("b to receive on " + channel,
            () -> inboxB.get(channel).has(a.nodeId(), "a to b on " + channel));
        Await.until("a to receive on " + channel,
            () -> inboxA.get(channel).has(b.nodeId(), "b to a on " + channel));
        assertEquals(1, inboxA.get(channel).count(), "exactly one message on " + channel);
      }

      PeerInfo bSeenByA = a.peer(b.nodeId()).orElseThrow();
      assertEquals(Direction.INBOUND, bSeenByA.direction());
      assertEquals("b", bSeenByA.moniker());
      assertTrue(bSeenByA.bytesIn() > 0 && bSeenByA.bytesOut() > 0, bSeenByA.toString());
      assertEquals(Direction.OUTBOUND, b.peer(a.nodeId()).orElseThrow().direction());
    }
  }

  @Test
  void threeNodesConnectThroughPersistentPeersAndBroadcast() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      P2pNode b = net.start("b", c -> c.persistentPeers(List.of(addressOf(a))));
      P2pNode c = net.start("c", cfg -> cfg.persistentPeers(List.of(addressOf(a), addressOf(b))));
      List<P2pNode> nodes = List.of(a, b, c);
      Map<P2pNode, Inbox> consensus = new HashMap<>();
      for (P2pNode node : nodes) {
        Inbox inbox = new Inbox();
        node.setHandler(Channel.CHANNEL_CONSENSUS, inbox);
        consensus.put(node, inbox);
      }
      Await.until("a full mesh",
          () -> connected(a, b) && connected(b, c) && connected(a, c),
          () -> nodes.stream().map(n -> n.peers().size()).toList().toString());

      assertEquals(1, a.broadcast(Channel.CHANNEL_CONSENSUS, bytes("vote"), b.nodeId()));
      assertTrue(a.send(b.nodeId(), Channel.CHANNEL_CONSENSUS, bytes("marker")));
      Await.until("c to receive the broadcast", () -> consensus.get(c).has(a.nodeId(), "vote"));
      Await.until("b to receive the marker", () -> consensus.get(b).has(a.nodeId(), "marker"));
      // a peer's messages arrive in order: b has had time to get the broadcast, had it been sent
      assertFalse(consensus.get(b).has(a.nodeId(), "vote"), "the excepted peer is skipped");

      assertEquals(2, c.broadcast(Channel.CHANNEL_CONSENSUS, bytes("proposal"), null));
      Await.until("a and b to receive c's broadcast",
          () -> consensus.get(a).has(c.nodeId(), "proposal")
              && consensus.get(b).has(c.nodeId(), "proposal"));
    }
  }

  @Test
  void nodesThatListEachOtherSettleOnOneConnection() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      P2pNode b = net.start("b");
      Inbox inboxB = new Inbox();
      b.setHandler(Channel.CHANNEL_MEMPOOL, inboxB);
      ConnectionCount linksOfA = new ConnectionCount();
      ConnectionCount linksOfB = new ConnectionCount();
      a.addPeerListener(linksOfA);
      b.addPeerListener(linksOfB);

      // both dial at about the same time: two connections race, one must go
      a.addPersistentPeer(addressOf(b));
      b.addPersistentPeer(addressOf(a));
      Await.until("a and b to agree on one connection",
          () -> connected(a, b) && a.peer(b.nodeId()).orElseThrow().direction()
              != b.peer(a.nodeId()).orElseThrow().direction());

      // a dial still in flight may replace the connection once more: retry until it arrives
      Await.until("b to receive from a", () -> {
        a.send(b.nodeId(), Channel.CHANNEL_MEMPOOL, bytes("hello"));
        return inboxB.has(a.nodeId(), "hello");
      });
      Await.until("listeners to see exactly one connection each",
          () -> linksOfA.open() == 1 && linksOfB.open() == 1);
      assertEquals(1, a.peers().size());
      assertEquals(1, b.peers().size());
    }
  }

  /** Connects minus disconnects seen by a listener. */
  private static final class ConnectionCount implements PeerListener {
    private final AtomicInteger open = new AtomicInteger();

    @Override
    public void peerConnected(PeerInfo peer) {
      open.incrementAndGet();
    }

    @Override
    public void peerDisconnected(PeerInfo peer, String reason) {
      open.decrementAndGet();
    }

    int open() {
      return open.get();
    }
  }

  @Test
  void persistentPeerIsRedialledWithBackoffUntilItIsBack() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      Inbox inboxA = new Inbox();
      a.setHandler(Channel.CHANNEL_MEMPOOL, inboxA);
      NodeKey keyB = NodeKey.generate();
      P2pNode b = net.start("b", keyB, TestNet.CHAIN, c -> c);
      int portB = b.listenPort();
      a.addPersistentPeer(addressOf(b));
      Await.until("a and b connected", () -> connected(a, b));

      b.stop();
      Await.until("a to notice b is gone", () -> a.peers().isEmpty());

      // while b is down, something else answers on its port: a keeps redialling it
      AtomicInteger dials = new AtomicInteger();
      ServerSocket impostor = new ServerSocket();
      try {
        impostor.setReuseAddress(true);
        impostor.bind(new InetSocketAddress("127.0.0.1", portB));
        Thread acceptor = new Thread(() -> {
          while (!impostor.isClosed()) {
            try {
              impostor.accept().close();
              dials.incrementAndGet();
            } catch (java.io.IOException closed) {
              return;
            }
          }
        });
        acceptor.start();
        Await.until("a to redial at least 3 times", () -> dials.get() >= 3);
        impostor.close();
        acceptor.join(Await.DEFAULT.toMillis());
      } finally {
        impostor.close();
      }
      assertTrue(a.peers().isEmpty());

      P2pNode bAgain = net.start("b again", keyB, TestNet.CHAIN, c -> c.listen("127.0.0.1", portB));
      Await.until("a to reconnect to the restarted b", () -> connected(a, bAgain));
      assertTrue(bAgain.send(a.nodeId(), Channel.CHANNEL_MEMPOOL, bytes("back")));
      Await.until("a to hear from b again", () -> inboxA.has(keyB.id(), "back"));
    }
  }

  private static Map<Channel, Inbox> inboxes(P2pNode node) {
    Map<Channel, Inbox> inboxes = new EnumMap<>(Channel.class);
    for (Channel channel : APPLICATION_CHANNELS) {
      Inbox inbox = new Inbox();
      node.setHandler(channel, inbox);
      inboxes.put(channel, inbox);
    }
    return inboxes;
  }
}
