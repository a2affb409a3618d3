package io.cybergraph.node.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.LogLines;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.net.Await;
import io.cybergraph.node.net.TestNetwork;
import io.cybergraph.node.rankpipe.RankHaltException;
import io.cybergraph.node.rankpipe.RankPipeline;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockSyncMessage;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.FocusChunk;
import io.cybergraph.store.ChainStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rank snapshot sync between real p2p nodes on 127.0.0.1 and real stores: a node far behind
 * takes up a focus from a peer, checked against the rank root a committed header carries,
 * instead of computing π* for every height; lying peers are banned, peers without a focus
 * passed over; a node restarted while catching up takes up the stored focus.
 */
class SnapshotSyncTest {
  /**
   * The default 10 s request timeout: nothing here depends on a timeout, and a shorter one let
   * requests time out (and the peers be dropped) on a machine at load average 50.
   */
  private static final SyncConfig CONFIG = SyncConfig.defaults();
  /** Generous: the machine these run on is shared and often overloaded. */
  private static final Duration WAIT = Duration.ofSeconds(90);
  /** 100 blocks behind or more; chunks of 64 particles, so a focus comes in many chunks. */
  private static final SnapshotSettings SETTINGS =
      SnapshotSettings.defaults().with(true, 100).withChunkSize(64);
  private static final int BLOCKS = 120;
  private static final int LAG = 2; // TestHistory's genesis keeps the default rank lag

  @TempDir Path dir;
  private TestNetwork net;
  private TestHistory history;

  @BeforeEach
  void setUp() {
    net = new TestNetwork();
    history = new TestHistory(dir.resolve("source"), new TestValidators("test-chain", 10, 10, 10));
    history.grow(BLOCKS, 2, 3); // 720 links, 1,330 particles: 21 chunks of 64
  }

  @AfterEach
  void tearDown() throws Exception {
    net.close();
    history.close();
  }

  /** A node serving the history's blocks and, through {@code focus}, its focus vectors. */
  private P2pNode server(P2pNode p2p, FocusSource focus) throws Exception {
    BlockSync sync = BlockSync.serving(p2p, new StoreBlockSource(history.store), CONFIG);
    if (focus != null) {
      sync.withRankSnapshots(focus, null, SETTINGS);
    }
    net.closeLater(sync).start();
    p2p.start();
    p2p.setLocalHeight(history.height());
    return p2p;
  }

  /** The history node's focus vectors with {@code lie} applied to what is served. */
  private FocusSource lying(UnaryOperator<ServedFocus> lie) {
    FocusSource real = history.node.focusSource();
    return new FocusSource() {
      @Override
      public int lag() {
        return real.lag();
      }

      @Override
      public Optional<ServedFocus> newest() {
        return real.newest().map(lie);
      }

      @Override
      public Optional<ServedFocus> at(long height) {
        return real.at(height).map(lie);
      }
    };
  }

  /** Two p2p nodes, the one with the lower node id first: a fetch asks peers in id order. */
  private P2pNode[] inIdOrder() {
    P2pNode a = net.create("a");
    P2pNode b = net.create("b");
    return a.nodeId().compareTo(b.nodeId()) < 0 ? new P2pNode[] {a, b} : new P2pNode[] {b, a};
  }

  /**
   * A fresh follower connected to {@code askedFirst} (the lower node id) and {@code giver}:
   * it syncs the whole history, with the focus taken from {@code giver}.
   */
  private Follower followerTakingTheFocusFrom(P2pNode askedFirst, P2pNode giver) throws Exception {
    Follower f = new Follower(dir.resolve("follower"));
    TestNetwork.connect(f.p2p, askedFirst);
    TestNetwork.connect(f.p2p, giver);
    f.started();
    f.awaitHeight(BLOCKS);
    assertSameChain(f.store, BLOCKS);
    assertTrue(f.outcome().contains(giver.nodeId().toString()), f.outcome());
    return f;
  }

  /** A fresh node following the chain with rank snapshot sync. */
  private final class Follower {
    final P2pNode p2p = net.create("follower");
    final CyberNode node;
    final ChainStore store;
    final BlockApplier applier;
    final AtomicReference<ChainHaltException> halted = new AtomicReference<>();
    final AtomicInteger computed = new AtomicInteger();
    final BlockSync sync;

    Follower(Path home) throws Exception {
      this(home, 0);
    }

    /** @param applyFirst blocks applied before block sync starts (without the network) */
    Follower(Path home, long applyFirst) throws Exception {
      node = net.closeLater(history.follower(home));
      applyDirectly(node, 1, applyFirst);
      store = node.store();
      applier = node.blockApplier();
      node.addRankListener(new RankPipeline.Listener() {
        @Override
        public void computed(RankSnapshot snapshot) {
          computed.incrementAndGet();
        }

        @Override
        public void halted(RankHaltException error) {}
      });
      sync = net.closeLater(BlockSync.following(
          p2p, new StoreBlockSource(store), applier, CONFIG, halted::set))
          .withRankSnapshots(node.focusSource(), node.focusTarget(), SETTINGS);
      p2p.start();
    }

    Follower started() {
      sync.start();
      return this;
    }

    void awaitHeight(long height) {
      Await.until("follower at height " + height, WAIT, () -> applier.height() >= height,
          () -> "(at " + applier.height() + ", " + sync.status() + ")");
    }

    String outcome() {
      Await.until("the rank snapshot settled", WAIT, () -> sync.snapshotOutcome() != null,
          () -> sync.status().toString());
      return sync.snapshotOutcome();
    }
  }

  private void assertSameChain(ChainStore store, long height) {
    assertEquals(height, store.latestHeight());
    for (long h = 1; h <= height; h++) {
      assertArrayEquals(history.store.blocks().block(h).orElseThrow(),
          store.blocks().block(h).orElseThrow(), "block at " + h);
      assertArrayEquals(history.store.appHash(h).orElseThrow(), store.appHash(h).orElseThrow(),
          "app hash at " + h);
    }
  }

  private byte[] committedRankRoot(long headerHeight) throws Exception {
    return Block.parseFrom(history.store.blocks().block(headerHeight).orElseThrow())
        .getHeader().getRankRoot().toByteArray();
  }

  @Test
  void aFarBehindNodeTakesUpAVerifiedFocusThenComputesOnlyFromThere() throws Exception {
    P2pNode a = server(net.create("a"), history.node.focusSource());
    Follower f = new Follower(dir.resolve("follower"));
    TestNetwork.connect(f.p2p, a);
    f.started();
    f.awaitHeight(BLOCKS);
    assertSameChain(f.store, BLOCKS);
    long g = BLOCKS - LAG;
    assertTrue(f.outcome().startsWith("installed the focus of height " + g + " "), f.outcome());
    // the focus of g is the one header g + L commits to, and nothing before g was computed
    RankSnapshot atG = f.node.rank().await(g);
    assertArrayEquals(committedRankRoot(g + LAG), atG.root());
    assertTrue(f.node.rank().skipped(1) && f.node.rank().skipped(g - 1));
    assertFalse(f.node.rank().skipped(g));
    assertTrue(f.computed.get() <= LAG + 1, f.computed.get() + " foci computed or installed");
    assertArrayEquals(history.store.focus().at(g).orElseThrow(),
        f.store.focus().at(g).orElseThrow(), "the fetched focus is stored");

    // then it follows, computing every new height from the snapshot on: the headers of the new
    // blocks commit to foci it computed itself
    for (int i = 0; i < 4; i++) {
      history.grow(1, 2, 3);
      a.setLocalHeight(history.height());
      f.awaitHeight(history.height());
    }
    assertSameChain(f.store, BLOCKS + 4);
    RankSnapshot own = f.node.rank().await(BLOCKS + 2);
    assertArrayEquals(committedRankRoot(BLOCKS + 4), own.root());
    assertTrue(own.iterations() > 0, "computed, not taken up");
    assertNull(f.halted.get());
    assertFalse(f.sync.status().halted());
  }

  /**
   * A node that was following and then fell far behind (a partition, a pause) fetches a focus
   * again: computing every height may be no faster than the chain makes them. It used to fetch
   * only when block sync started.
   */
  @Test
  void aFollowingNodeThatFallsFarBehindTakesUpAFocusAgain() throws Exception {
    P2pNode a = server(net.create("a"), history.node.focusSource());
    Follower f = new Follower(dir.resolve("follower"), BLOCKS - 20); // 20 behind: not needed
    TestNetwork.connect(f.p2p, a);
    f.started();
    f.awaitHeight(BLOCKS);
    assertTrue(f.outcome().startsWith("not needed"), f.outcome());
    int computedBefore = f.computed.get();

    // the chain goes on without it: more than the minimum behind
    long head = BLOCKS + 110;
    history.grow(110, 2, 3);
    a.setLocalHeight(head);
    f.awaitHeight(head);
    assertSameChain(f.store, head);
    long g = head - LAG;
    Await.until("the second fetch settled", WAIT,
        () -> f.outcome() != null && f.outcome().startsWith("installed"), f::outcome);
    assertTrue(f.outcome().startsWith("installed the focus of height " + g + " "), f.outcome());
    assertArrayEquals(committedRankRoot(head), f.node.rank().await(g).root());
    assertFalse(f.node.rank().skipped(BLOCKS - LAG), "computed before it fell behind");
    assertTrue(f.node.rank().skipped(g - 1));
    assertTrue(f.computed.get() - computedBefore < 40,
        (f.computed.get() - computedBefore) + " foci computed of 110 heights");
    assertNull(f.halted.get());
  }

  @Test
  void eachRunTimeFetchStartsWithTheNextPeer() throws Exception {
    // every fetch asking the lowest node id first made one serving connection bear them all
    P2pNode[] peers = inIdOrder();
    P2pNode first = server(peers[0], history.node.focusSource());
    P2pNode second = server(peers[1], history.node.focusSource());
    Follower f = new Follower(dir.resolve("follower"), BLOCKS - 20);
    TestNetwork.connect(f.p2p, first);
    TestNetwork.connect(f.p2p, second);
    f.started();
    f.awaitHeight(BLOCKS);
    long head = BLOCKS;
    for (P2pNode expected : List.of(first, second, first)) {
      head += 110;
      history.grow(110, 2, 3);
      first.setLocalHeight(head);
      second.setLocalHeight(head);
      f.awaitHeight(head);
      long g = head - LAG;
      Await.until("the fetch of " + g, WAIT,
          () -> f.outcome().startsWith("installed the focus of height " + g + " "), f::outcome);
      assertTrue(f.outcome().contains(expected.nodeId().toString()), f.outcome());
    }
    assertSameChain(f.store, head);
    assertNull(f.halted.get());
  }

  @Test
  void aFollowingNodeFallenBehindWithNoPeerGivingAFocusAsksOnceAndComputesEveryHeight()
      throws Exception {
    P2pNode without = server(net.create("a"), null);
    try (LogLines lines = LogLines.of(FocusFetch.class)) {
      Follower f = new Follower(dir.resolve("follower"), BLOCKS - 20);
      TestNetwork.connect(f.p2p, without);
      f.started();
      f.awaitHeight(BLOCKS);
      long head = BLOCKS + 110;
      history.grow(110, 2, 3);
      long behindSince = System.nanoTime();
      without.setLocalHeight(head);
      f.awaitHeight(head);
      long minutes = (System.nanoTime() - behindSince) / FocusFetch.RETRY_NANOS;
      assertSameChain(f.store, head);
      List<String> fetches = lines.said().stream()
          .filter(l -> l.contains("fetching a rank snapshot")).toList();
      // asked at run time, then again only once a retry interval later; not at every step
      // while still behind (a catch-up of a few seconds here: one fetch)
      assertTrue(fetches.size() >= 1 && fetches.size() <= 1 + minutes,
          String.join("\n", lines.said()));
      assertTrue(f.outcome().startsWith("no peer gave a rank snapshot"), f.outcome());
      assertFalse(f.node.rank().skipped(head - LAG - 1));
      assertNull(f.halted.get());
    }
  }

  @ParameterizedTest(name = "a peer serving {0} is banned")
  @ValueSource(strings = {"a focus value changed", "a particle text changed"})
  void aLyingPeerIsBannedAndTheFocusTakenFromAnother(String lie) throws Exception {
    UnaryOperator<ServedFocus> tamper = s -> {
      long[] values = s.values(0, s.particles());
      String[] cids = s.cids(0, s.particles());
      int last = values.length - 1; // in the last chunk: the whole focus must be checked
      if (lie.startsWith("a focus value")) {
        values[last] += 1;
      } else {
        cids[last] = cids[0];
      }
      return ServedFocus.of(s.height(), values, cids);
    };
    P2pNode[] peers = inIdOrder();
    P2pNode liar = server(peers[0], lying(tamper)); // asked first
    P2pNode honest = server(peers[1], history.node.focusSource());
    Follower f = followerTakingTheFocusFrom(liar, honest);
    assertTrue(f.outcome().startsWith("installed the focus of height " + (BLOCKS - LAG)),
        f.outcome());
    assertTrue(f.p2p.isBanned(liar.nodeId()), "the lying peer is banned");
    assertFalse(f.p2p.isBanned(honest.nodeId()));
    assertNull(f.halted.get());
  }

  @Test
  void aPeerAskingForTheSameChunkAgainAndAgainIsBannedAfterAFewFociWorth() throws Exception {
    P2pNode server = server(net.create("a"), history.node.focusSource());
    P2pNode evil = net.create("evil");
    AtomicInteger answers = new AtomicInteger();
    AtomicInteger chunks = new AtomicInteger();
    evil.setHandler(Channel.CHANNEL_BLOCKSYNC, (from, payload) -> {
      BlockSyncMessage m = BlockSyncMessage.parseFrom(payload);
      if (m.hasFocusChunk()) {
        chunks.set(m.getFocusChunk().getChunks());
        answers.incrementAndGet();
      }
    });
    evil.start();
    try (LogLines lines = LogLines.of(io.cybergraph.p2p.peer.Peer.class)) {
      TestNetwork.connect(evil, server);
      long g = BLOCKS - LAG;
      int sent = 0;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!server.isBanned(evil.nodeId()) && System.nanoTime() < deadline) {
        if (sent - answers.get() < 8) { // well below the 16 requests a peer may have waiting
          evil.send(server.nodeId(), Channel.CHANNEL_BLOCKSYNC, SyncMessages.focusRequest(g, 1));
          sent++;
        } else {
          Thread.onSpinWait();
        }
      }
      assertTrue(server.isBanned(evil.nodeId()), "banned after " + sent + " requests");
      int budget = FocusServer.FOCI_PER_CONNECTION * chunks.get();
      assertTrue(sent > budget, sent + " requests, " + answers.get() + " answers");
      assertTrue(answers.get() <= budget, answers.get() + " answers of " + budget);
      // the server's line (the evil end logs its own, which may come first)
      Await.until("the ban logged", () -> lines.said().stream()
          .anyMatch(l -> l.contains("more than " + FocusServer.FOCI_PER_CONNECTION + " foci ("
              + budget + " chunks of " + chunks.get())
              && l.contains("(banned for")), () -> lines.said().toString());
      assertEquals(1, lines.said().stream()
          .filter(l -> l.contains("foci") && l.contains("(banned for")).count(),
          lines.said().toString());
    }
  }

  @Test
  void aPeerWithoutAFocusIsPassedOverNotBanned() throws Exception {
    P2pNode[] peers = inIdOrder();
    P2pNode without = server(peers[0], null); // serves blocks, no focus; asked first
    P2pNode with = server(peers[1], history.node.focusSource());
    Follower f = followerTakingTheFocusFrom(without, with);
    assertFalse(f.p2p.isBanned(without.nodeId()));
  }

  @Test
  void aPeerAnsweringWithAnotherChunkThanAskedIsPassedOverAtTheDeadline() throws Exception {
    P2pNode[] peers = inIdOrder();
    P2pNode odd = peers[0]; // asked first: answers every focus request with the next chunk
    odd.setHandler(Channel.CHANNEL_BLOCKSYNC, (from, payload) -> {
      BlockSyncMessage m = BlockSyncMessage.parseFrom(payload);
      if (m.hasStatusRequest()) {
        odd.send(from, Channel.CHANNEL_BLOCKSYNC, SyncMessages.statusResponse(1, BLOCKS));
      } else if (m.hasFocusRequest()) {
        odd.send(from, Channel.CHANNEL_BLOCKSYNC, SyncMessages.focusChunk(FocusChunk.newBuilder()
            .setHeight(BLOCKS - LAG).setChunk(m.getFocusRequest().getChunk() + 1).build()));
      }
    });
    odd.start();
    odd.setLocalHeight(BLOCKS);
    P2pNode honest = server(peers[1], history.node.focusSource());
    Follower f = followerTakingTheFocusFrom(odd, honest);
    assertNull(f.halted.get());
  }

  @Test
  void withNoPeerGivingAFocusTheNodeComputesEveryHeight() throws Exception {
    P2pNode without = server(net.create("a"), null);
    Follower f = new Follower(dir.resolve("follower"));
    TestNetwork.connect(f.p2p, without);
    f.started();
    f.awaitHeight(BLOCKS);
    assertSameChain(f.store, BLOCKS);
    assertTrue(f.outcome().startsWith("no peer gave a rank snapshot"), f.outcome());
    assertFalse(f.node.rank().skipped(1));
    Await.until("every focus computed", WAIT, () -> f.computed.get() >= BLOCKS - LAG,
        () -> f.computed.get() + " computed");
  }

  @Test
  void aNodeNotFarBehindComputesEveryHeight() throws Exception {
    P2pNode a = server(net.create("a"), history.node.focusSource());
    Follower f = new Follower(dir.resolve("follower"), BLOCKS - 30); // 30 blocks behind
    TestNetwork.connect(f.p2p, a);
    f.started();
    f.awaitHeight(BLOCKS);
    assertTrue(f.outcome().startsWith("not needed"), f.outcome());
    assertSameChain(f.store, BLOCKS);
  }

  /**
   * A node stopped while catching up, after taking up the snapshot of g but before reaching g,
   * then between g and the header that commits to it: each time it reopens with the fetched
   * focus from its store (nothing fetched again), and reaches the same chain and rank. (A
   * kill -9 during such a catch-up is FullNodeSyncIT's.)
   */
  @Test
  void aNodeRestartedWhileCatchingUpTakesUpTheStoredFocus() throws Exception {
    Path home = dir.resolve("follower");
    long g = BLOCKS - LAG;
    // first run: the focus of g arrives (as a fetch hands it over), then blocks 1..40
    CyberNode first = history.follower(home);
    try {
      assertTrue(first.focusTarget().install(new VerifiedFocus(g,
          history.store.focus().at(g).orElseThrow(), committedRankRoot(g + LAG), g + LAG)));
      applyDirectly(first, 1, 40);
    } finally {
      first.close();
    }

    // second run: reopens deferred to g, and applies up to g + 1
    CyberNode second = history.follower(home);
    try {
      assertEquals(g, second.rank().deferredHeight(), "the stored focus is taken up at g");
      assertTrue(second.rank().skipped(g - 1));
      applyDirectly(second, 41, g + 1);
    } finally {
      second.close();
    }

    // third run, over the network: between g and g + L, nothing to fetch; the header of g + L
    // is checked against the stored focus
    P2pNode a = server(net.create("a"), history.node.focusSource());
    Follower third = new Follower(home);
    assertTrue(third.node.rank().skipped(g - 1));
    TestNetwork.connect(third.p2p, a);
    third.started();
    third.awaitHeight(BLOCKS);
    assertSameChain(third.store, BLOCKS);
    assertTrue(third.outcome().startsWith("not needed"), third.outcome());
    assertArrayEquals(committedRankRoot(g + LAG), third.node.rank().await(g).root());
    assertNull(third.halted.get());
  }

  private void applyDirectly(CyberNode node, long from, long to) {
    BlockApplier applier = node.blockApplier();
    for (long h = from; h <= to; h++) {
      var r = history.response(h);
      applier.apply(r.getBlock(), r.getCommit());
    }
  }
}
