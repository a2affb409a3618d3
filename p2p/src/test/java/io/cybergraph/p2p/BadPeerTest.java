package io.cybergraph.p2p;

import static io.cybergraph.p2p.Inbox.bytes;
import static io.cybergraph.p2p.TestNet.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.DisconnectReason;
import io.cybergraph.proto.pb.Envelope;
import io.cybergraph.proto.pb.MempoolMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Peers that break the protocol are disconnected and banned for the configured time, while the
 * node goes on serving a well-behaved peer.
 */
class BadPeerTest {

  private static final int MAX_FRAME = 64 * 1024;

  /** One kind of bad behaviour, done by an authenticated peer after a correct handshake. */
  @FunctionalInterface
  private interface Misbehaviour {
    void commit(RawPeer peer) throws IOException;
  }

  @Test
  void garbageFrameGetsThePeerBanned() throws Exception {
    assertBannedAndNodeKeepsServing(peer -> {
      byte[] junk = new byte[64];
      Arrays.fill(junk, (byte) 0xFF); // field 31 with wire type 7: never valid protobuf
      peer.sendFrame(junk);
    });
  }

  @Test
  void oversizedLengthPrefixGetsThePeerBanned() throws Exception {
    assertBannedAndNodeKeepsServing(peer -> {
      // announces one byte more than the limit; the node refuses before reading the body
      peer.sendRaw(new byte[] {0, 1, 0, 1});
    });
  }

  @Test
  void negativeLengthPrefixGetsThePeerBanned() throws Exception {
    assertBannedAndNodeKeepsServing(peer -> peer.sendRaw(new byte[] {(byte) 0x80, 0, 0, 1}));
  }

  @Test
  void unknownChannelGetsThePeerBanned() throws Exception {
    assertBannedAndNodeKeepsServing(peer -> peer.sendEnvelope(
        Envelope.newBuilder().setChannelValue(99).setPayload(ByteString.copyFromUtf8("hi")).build()));
  }

  @Test
  void secondHandshakeGetsThePeerBanned() throws Exception {
    assertBannedAndNodeKeepsServing(peer -> peer.send(Channel.CHANNEL_HANDSHAKE, new byte[0]));
  }

  @Test
  void payloadTheChannelHandlerCannotParseGetsThePeerBanned() throws Exception {
    // the victim's mempool handler parses MempoolMessage: 0xFF bytes do not parse
    assertBannedAndNodeKeepsServing(peer -> peer.send(Channel.CHANNEL_MEMPOOL, new byte[] {-1, -1}));
  }

  @Test
  void floodGetsThePeerBanned() throws Exception {
    // the victim allows 50 messages per second (bursts of 100); the peer sends 1000 at once
    assertBannedAndNodeKeepsServing(peer -> {
      byte[] tx = MempoolMessage.newBuilder().addTxs(ByteString.copyFromUtf8("tx")).build()
          .toByteArray();
      try {
        for (int i = 0; i < 1000; i++) {
          peer.send(Channel.CHANNEL_MEMPOOL, tx);
        }
      } catch (IOException closedMeanwhile) {
        // the node may close the connection before the last message is written
      }
    });
  }

  @Test
  void aPeerStillSendingWhenBannedReadsWhy() throws Exception {
    // the node stops reading and closes with the peer's bytes unread, which resets the
    // connection: the Disconnect written just before must still reach a peer that reads
    try (TestNet net = new TestNet()) {
      P2pNode victim = net.start("victim", c -> c.maxFrameBytes(MAX_FRAME));
      NodeKey badKey = NodeKey.generate();
      try (RawPeer bad = handshaken(victim, badKey)) {
        Thread streamer = new Thread(() -> {
          try {
            bad.sendFrame(new byte[] {-1, -1, -1}); // garbage: the offence
            byte[] frame = new byte[16 * 1024];
            while (true) {
              bad.sendFrame(frame); // and it goes on sending
            }
          } catch (IOException closed) {
            // the node (or the test) closed the connection
          }
        }, "streamer");
        streamer.start();
        assertTrue(bad.awaitClosed(Await.DEFAULT), "the node disconnects the bad peer");
        assertEquals(DisconnectReason.DISCONNECT_REASON_PROTOCOL_VIOLATION, bad.disconnectReason());
        bad.close();
        streamer.join(Await.DEFAULT.toMillis());
        assertFalse(streamer.isAlive());
      }
      assertTrue(victim.isBanned(badKey.id()));
    }
  }

  @Test
  void aSecondConnectionOpenedBeforeTheBanDoesNotLetTheNodeBackIn() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode victim = net.start("victim", c -> c.maxFrameBytes(MAX_FRAME));
      NodeKey badKey = NodeKey.generate();
      try (RawPeer spare = RawPeer.connect(victim.listenPort(), badKey); // TLS, no handshake yet
          RawPeer bad = handshaken(victim, badKey)) {
        bad.sendFrame(new byte[] {-1, -1, -1});
        assertTrue(bad.awaitClosed(Await.DEFAULT), "the node disconnects the bad peer");
        assertTrue(victim.isBanned(badKey.id()));

        spare.handshake(TestNet.CHAIN);
        assertTrue(spare.awaitClosed(Await.DEFAULT), "the spare connection is closed");
        assertEquals(DisconnectReason.DISCONNECT_REASON_BANNED, spare.disconnectReason());
      }
      assertFalse(victim.peer(badKey.id()).isPresent());
    }
  }

  @Test
  void aPeerThatSendsButNeverReadsIsClosedOnceItsBacklogStalls() throws Exception {
    // every ping is answered with a pong: unread, the answers once piled up without bound
    try (TestNet net = new TestNet()) {
      P2pNode victim = net.start("victim", c -> c.maxFrameBytes(MAX_FRAME)
          .maxMessagesPerSecond(1_000_000).maxBytesPerSecond(1L << 40)
          .pingInterval(Duration.ofMillis(500)).idleTimeout(Duration.ofSeconds(2)));
      NodeKey key = NodeKey.generate();
      try (RawPeer deaf = RawPeer.connect(victim.listenPort(), key, 4096)) {
        deaf.handshake(TestNet.CHAIN);
        Await.until("the deaf peer connected", () -> victim.peer(key.id()).isPresent());
        Thread pinger = new Thread(() -> {
          try {
            for (long i = 0; ; i++) {
              deaf.sendFrame(io.cybergraph.p2p.channel.ControlMessages.ping(i));
            }
          } catch (IOException closed) {
            // the node closed the connection
          }
        }, "pinger");
        pinger.start();
        Await.until("the node drops the peer that does not read",
            () -> victim.peer(key.id()).isEmpty());
        pinger.join(Await.DEFAULT.toMillis());
        assertFalse(pinger.isAlive(), "the pinger's writes fail once the node has closed");
      }
      assertFalse(victim.isBanned(key.id()), "not reading is not misbehaving");
    }
  }

  @Test
  void banExpiresAfterTheConfiguredTime() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode victim = net.start("victim", c -> c.banDuration(Duration.ofMillis(500)));
      NodeKey badKey = NodeKey.generate();
      try (RawPeer bad = handshaken(victim, badKey)) {
        bad.send(Channel.CHANNEL_HANDSHAKE, new byte[0]);
        assertTrue(bad.awaitClosed(Await.DEFAULT));
      }
      assertTrue(victim.isBanned(badKey.id()));
      Await.until("the ban to expire", () -> !victim.isBanned(badKey.id()));
      try (RawPeer again = handshaken(victim, badKey)) {
        Await.until("the peer to be back", () -> victim.peer(again.id()).isPresent());
      }
    }
  }

  @Test
  void bannedNodeIsNotDialled() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      P2pNode b = net.start("b");
      a.ban(b.nodeId(), "test");

      String why = HandshakeTest.refusal(a.dial(addressOf(b)));

      assertTrue(why.contains("banned"), why);
      assertTrue(a.peers().isEmpty());
    }
  }

  private static void assertBannedAndNodeKeepsServing(Misbehaviour misbehaviour) throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode victim = net.create("victim", NodeKey.generate(), TestNet.CHAIN,
          c -> c.maxFrameBytes(MAX_FRAME).maxMessagesPerSecond(50));
      Inbox victimMempool = new Inbox();
      victim.setHandler(Channel.CHANNEL_MEMPOOL, (from, payload) -> {
        MempoolMessage.parseFrom(payload); // throws on a malformed payload: the sender is banned
        victimMempool.onMessage(from, payload);
      });
      victim.start();
      P2pNode friend = net.start("friend");
      Inbox friendMempool = new Inbox();
      friend.setHandler(Channel.CHANNEL_MEMPOOL, friendMempool);
      friend.dial(addressOf(victim)).get(10, TimeUnit.SECONDS);
      Await.until("both ends of the friend's connection", () -> TestNet.connected(victim, friend));

      NodeKey badKey = NodeKey.generate();
      try (RawPeer bad = handshaken(victim, badKey)) {
        misbehaviour.commit(bad);
        assertTrue(bad.awaitClosed(Await.DEFAULT), "the node disconnects the bad peer");
        assertEquals(DisconnectReason.DISCONNECT_REASON_PROTOCOL_VIOLATION, bad.disconnectReason());
      }
      assertTrue(victim.isBanned(badKey.id()), "the bad peer is banned");
      assertFalse(victim.peer(badKey.id()).isPresent());

      // the banned key is refused at once when it comes back
      try (RawPeer again = RawPeer.connect(victim.listenPort(), badKey)) {
        assertTrue(again.awaitClosed(Await.DEFAULT));
        assertEquals(DisconnectReason.DISCONNECT_REASON_BANNED, again.disconnectReason());
      }

      // and the friend still talks both ways
      byte[] fromFriend = mempool("from friend");
      assertTrue(friend.send(victim.nodeId(), Channel.CHANNEL_MEMPOOL, fromFriend));
      Await.until("the victim to receive the friend's message",
          () -> victimMempool.all().stream().anyMatch(m -> m.from().equals(friend.nodeId())));
      byte[] fromVictim = mempool("from victim");
      assertTrue(victim.send(friend.nodeId(), Channel.CHANNEL_MEMPOOL, fromVictim));
      Await.until("the friend to receive the victim's message", () -> friendMempool.count() == 1);
      assertTrue(victim.peer(friend.nodeId()).isPresent());
    }
  }

  private static byte[] mempool(String tx) {
    return MempoolMessage.newBuilder().addTxs(ByteString.copyFrom(bytes(tx))).build().toByteArray();
  }

  private static RawPeer handshaken(P2pNode node, NodeKey key) throws IOException {
    RawPeer peer = RawPeer.connect(node.listenPort(), key);
    peer.handshake(TestNet.CHAIN);
    return peer;
  }

}
