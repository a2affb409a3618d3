package io.cybergraph.p2p;

import static io.cybergraph.p2p.TestNet.addressOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.p2p.channel.HandshakeRules;
import io.cybergraph.proto.pb.DisconnectReason;
import io.cybergraph.proto.pb.Handshake;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Who may connect: the dialled key, the same chain, not oneself, within the handshake timeout. */
class HandshakeTest {

  @Test
  void peerWhoseKeyIsNotTheDialledIdIsRefused() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      P2pNode b = net.start("b");
      AtomicInteger connectsSeenByB = new AtomicInteger();
      b.addPeerListener(new PeerListener() {
        @Override
        public void peerConnected(PeerInfo peer) {
          connectsSeenByB.incrementAndGet();
        }
      });
      NodeId impostorId = NodeKey.generate().id();

      String why = refusal(a.dial(new PeerAddress(impostorId, "127.0.0.1", b.listenPort())));

      assertTrue(why.contains("does not match the dialled id " + impostorId), why);
      assertTrue(why.contains(b.nodeId().hex()), why);
      assertTrue(a.peers().isEmpty());
      assertEquals(0, connectsSeenByB.get());
      // the same address under the right ID is fine: the refusal was about the key
      assertEquals(b.nodeId(), a.dial(addressOf(b)).get(10, TimeUnit.SECONDS).id());
    }
  }

  @Test
  void peerOfAnotherChainIdIsRefused() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      ChainIdentity otherChain = new ChainIdentity("other-chain", TestNet.CHAIN.genesisHash());
      P2pNode b = net.start("b", NodeKey.generate(), otherChain, c -> c);

      String why = refusal(a.dial(addressOf(b)));

      assertTrue(why.contains("chain id \"other-chain\", ours is \"test-chain\""), why);
      assertTrue(a.peers().isEmpty());
      assertTrue(b.peers().isEmpty());
      assertFalse(a.isBanned(b.nodeId()), "another chain is not misbehaviour");
    }
  }

  @Test
  void peerWithAnotherGenesisIsRefused() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      ChainIdentity otherGenesis =
          new ChainIdentity(TestNet.CHAIN.chainId(), "other".getBytes(StandardCharsets.UTF_8));
      P2pNode b = net.start("b", NodeKey.generate(), otherGenesis, c -> c);

      String why = refusal(b.dial(addressOf(a)));

      assertTrue(why.contains("genesis hash"), why);
      assertTrue(a.peers().isEmpty());
      assertTrue(b.peers().isEmpty());
    }
  }

  @Test
  void peerOfAnotherProtocolVersionIsToldWhyAndRefused() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      try (RawPeer raw = RawPeer.connect(a.listenPort(), NodeKey.generate())) {
        Handshake future =
            new HandshakeRules(TestNet.CHAIN).ours(0, "raw", "").toBuilder()
                .setProtocolVersion(HandshakeRules.PROTOCOL_VERSION + 1).build();
        raw.handshake(future);

        assertTrue(raw.awaitClosed(Await.DEFAULT));
        assertEquals(DisconnectReason.DISCONNECT_REASON_WRONG_CHAIN, raw.disconnectReason());
        assertTrue(a.peers().isEmpty());
      }
    }
  }

  @Test
  void connectionToItselfIsDropped() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");

      String why = refusal(a.dial(addressOf(a)));

      assertTrue(why.contains("itself"), why);
      assertTrue(a.peers().isEmpty());
    }
  }

  @Test
  void handshakeReportsMonikerAndHeightAndStatusUpdatesIt() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("alpha");
      a.setLocalHeight(42);
      P2pNode b = net.start("beta");

      PeerInfo seenByB = b.dial(addressOf(a)).get(10, TimeUnit.SECONDS);
      assertEquals("alpha", seenByB.moniker());
      assertEquals(42, seenByB.reportedHeight());
      assertEquals(a.nodeId(), seenByB.id());

      a.setLocalHeight(43);
      Await.until("b to see height 43",
          () -> b.peer(a.nodeId()).orElseThrow().reportedHeight() == 43);
    }
  }

  @Test
  void connectionThatNeverHandshakesIsClosedAfterTheTimeout() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a", c -> c.handshakeTimeout(Duration.ofMillis(300)));
      try (Socket silent = new Socket("127.0.0.1", a.listenPort())) {
        silent.setSoTimeout((int) Await.DEFAULT.toMillis());
        assertEquals(-1, silent.getInputStream().read(), "the node closes the connection");
      }
    }
  }

  @Test
  void garbageInsteadOfTlsIsDroppedAndTheNodeKeepsServing() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      try (Socket garbage = new Socket("127.0.0.1", a.listenPort())) {
        garbage.setSoTimeout((int) Await.DEFAULT.toMillis());
        byte[] junk = new byte[256];
        Arrays.fill(junk, (byte) 0xFF);
        garbage.getOutputStream().write(junk);
        InputStream in = garbage.getInputStream();
        assertTrue(drainsToEnd(in), "the node closes the connection");
      }
      P2pNode b = net.start("b");
      assertEquals(a.nodeId(), b.dial(addressOf(a)).get(10, TimeUnit.SECONDS).id());
    }
  }

  @Test
  void aFloodOfJunkConnectionsIsOneLogLineThenOneSummary() throws Exception {
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger)
        org.slf4j.LoggerFactory.getLogger(io.cybergraph.p2p.peer.Peer.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      for (int i = 0; i < 30; i++) {
        try (Socket garbage = new Socket("127.0.0.1", a.listenPort())) {
          garbage.setSoTimeout((int) Await.DEFAULT.toMillis());
          byte[] junk = new byte[256];
          Arrays.fill(junk, (byte) 0xFF);
          garbage.getOutputStream().write(junk);
          assertTrue(drainsToEnd(garbage.getInputStream()), "the node closes the connection");
        }
      }
      // 30 closed before TLS: the first said in full, the other 29 in one summary (not 30 lines)
      Await.until("the summary", Duration.ofSeconds(30),
          () -> closedLines(lines).stream().anyMatch(m -> m.startsWith("closed ")),
          () -> closedLines(lines).toString());
      List<String> said = closedLines(lines);
      assertEquals(2, said.size(), said.toString());
      assertTrue(said.get(0).contains("TLS handshake failed"), said.get(0));
      assertEquals("closed 29 inbound connections from 1 address before TLS completed in the"
          + " last 10 s", said.get(1));
    } finally {
      logger.detachAppender(lines);
    }
  }

  private static List<String> closedLines(
      ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines) {
    synchronized (lines) { // logback appends under the appender's lock
      return lines.list.stream().map(e -> e.getFormattedMessage())
          .filter(m -> m.contains("closed")).toList();
    }
  }

  @Test
  void rawPeerSeesTheNodeKeyItDialled() throws Exception {
    try (TestNet net = new TestNet()) {
      P2pNode a = net.start("a");
      try (RawPeer raw = RawPeer.connect(a.listenPort(), NodeKey.generate())) {
        assertEquals(a.nodeId(), raw.remoteId());
        Handshake theirs = raw.handshake(TestNet.CHAIN);
        assertEquals(TestNet.CHAIN.chainId(), theirs.getChainId());
        Await.until("the raw peer to be connected", () -> a.peer(raw.id()).isPresent());
      }
    }
  }

  /** Reads until end of stream (true) or reset (true); the socket's timeout bounds the wait. */
  private static boolean drainsToEnd(InputStream in) {
    try {
      while (in.read() != -1) {
        // the node may send a TLS alert first
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  /** The reason a dial failed; fails the test if it succeeded. */
  static String refusal(CompletableFuture<PeerInfo> dial) throws InterruptedException {
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> dial.get(10, TimeUnit.SECONDS));
    assertInstanceOf(PeerRefusedException.class, failed.getCause());
    return failed.getCause().getMessage();
  }
}
