package io.cybergraph.node.sync;

import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.p2p.PeerMisbehaviourException;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.FocusChunk;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rank snapshot sync, the fetching side (docs/sync.md): a node far behind its peers takes up a
 * verified focus from one of them instead of computing π* for every height it catches up on.
 *
 * <p>Once, when block sync first knows its peers' heights: if the best peer is at least {@code
 * minBlocks} ahead (and no fetched focus is already waiting from before a restart), the peers
 * that far ahead are asked in turn (node id order) for their newest focus: chunk 0 (with the
 * committing header and commit, checked at once), then the other chunks, a few in flight. The
 * whole vector must hash to the committed rank root; it is then persisted and handed to the
 * rank pipeline ({@link FocusTarget#install}). A peer whose chunks do not check out is banned;
 * one that has no focus, times out, or drops the focus it started serving is passed over
 * (a dropped focus is asked again once from the start). When no peer is left, the node computes
 * every height as before. Block sync applies no block until this first fetch is settled.
 *
 * <p>Again at run time ({@link #rearm}), when a node that was following falls {@code minBlocks}
 * behind its best peer (a partition, a pause): computing every height may be no faster than the
 * chain makes them, so without a snapshot such a node might never catch up. Block sync goes on
 * applying blocks until a peer has sent chunk 0 with its committed header (a peer announcing a
 * made-up height must not stall it); a focus that arrives after block sync has passed its
 * height is dropped.
 *
 * <p>Thread-safe: peers' answers arrive on I/O threads ({@link #onChunk}, {@link #onNoFocus});
 * the block sync thread drives everything else ({@link #step}).
 */
final class FocusFetch {
  private static final Logger LOG = LoggerFactory.getLogger(FocusFetch.class);
  private static final int RESTARTS_PER_PEER = 2;
  /** After a fetch that gave nothing, how long until a node still behind tries again. */
  static final long RETRY_NANOS = 60_000_000_000L;

  private enum Phase { UNDECIDED, FETCHING, DONE }

  private record Event(NodeId peer, FocusChunk chunk, long noFocusHeight) {}

  private final P2pNode p2p;
  private final FocusVerifier verifier;
  private final FocusTarget target;
  private final SnapshotSettings settings;
  private final long timeoutNanos;
  private final BiConsumer<NodeId, String> ban;

  // guarded by this
  private Phase phase = Phase.UNDECIDED;
  private final Set<NodeId> asked = new HashSet<>(); // every peer asked so far
  private final Set<NodeId> passed = new HashSet<>(); // peers not to ask again
  private final ArrayDeque<Event> inbox = new ArrayDeque<>();
  private final TreeMap<Integer, Long> outstanding = new TreeMap<>(); // chunk -> deadline
  private NodeId peer;
  private NodeId lastAsked; // the peer the last fetch started with or moved on to
  private long height; // 0 until chunk 0 arrived
  private int restarts;
  private FocusChunk first;
  private FocusAssembly assembly;
  /** Chunks of the focus being fetched (chunk 0's word). */
  private int chunks;
  private int nextChunk;
  private long startedNanos;
  private String outcome;
  private boolean atRunTime; // a fetch of rearm(), beside which blocks are applied
  private long settledNanos;
  private boolean gaveNothing; // the last fetch settled without a focus it sought

  /**
   * @param ban bans a peer that sent a bad focus, with the reason (block sync's ban, which also
   *     forgets its blocks)
   */
  FocusFetch(P2pNode p2p, FocusVerifier verifier, FocusTarget target, SnapshotSettings settings,
      Duration requestTimeout, BiConsumer<NodeId, String> ban) {
    this.p2p = p2p;
    this.verifier = verifier;
    this.target = target;
    this.settings = settings;
    this.timeoutNanos = requestTimeout.toNanos();
    this.ban = ban;
  }

  /** True once settled: a focus installed, not needed, or no peer could give one. */
  synchronized boolean settled() {
    return phase == Phase.DONE;
  }

  /**
   * True while block sync must apply no block: a fetch started at start-up that is not settled,
   * or one at run time once a peer has shown a focus with its committed header (chunk 0). Before
   * that a run-time fetch holds nothing back: a peer announcing a made-up height cannot stall
   * the node by not answering.
   */
  synchronized boolean holdsBlocks() {
    return phase != Phase.DONE && (!atRunTime || first != null);
  }

  /**
   * After settling, starts a fetch again if the node has fallen {@code minBlocks} behind its
   * best peer; not while a fetched focus waits to be taken up, and not within {@link
   * #RETRY_NANOS} of a fetch that gave nothing.
   *
   * @return true if a fetch starts
   */
  synchronized boolean rearm(long now, long applied, long bestPeerHeight) {
    // cheapest first: block sync asks after every block it applies
    if (phase != Phase.DONE || bestPeerHeight - applied < settings.minBlocks()
        || (gaveNothing && now - settledNanos < RETRY_NANOS) || target.pending()) {
      return false;
    }
    phase = Phase.UNDECIDED;
    atRunTime = true;
    passed.clear();
    outcome = null;
    return true;
  }

  /** How it was settled (for logs and tests), null while not. */
  synchronized String outcome() {
    return outcome;
  }

  /** A chunk arrived. A chunk from a peer never asked for a focus violates the protocol. */
  synchronized void onChunk(NodeId from, FocusChunk chunk) throws PeerMisbehaviourException {
    if (!asked.contains(from)) {
      throw new PeerMisbehaviourException("block sync: sent a focus chunk unasked");
    }
    if (phase != Phase.FETCHING || !from.equals(peer)) {
      return; // an answer to an abandoned request
    }
    inbox.add(new Event(from, chunk, -1));
    notifyAll();
  }

  /** The peer has no focus of {@code height} (0: none at all). */
  synchronized void onNoFocus(NodeId from, long height) {
    if (phase == Phase.FETCHING && from.equals(peer)) {
      inbox.add(new Event(from, null, height));
      notifyAll();
    }
  }

  /** Waits up to {@code millis} for an answer. */
  synchronized void await(long millis) throws InterruptedException {
    if (inbox.isEmpty() && phase != Phase.DONE) {
      wait(millis);
    }
  }

  /** Wakes a thread in {@link #await} (to stop it). */
  synchronized void wakeUp() {
    notifyAll();
  }

  /**
   * Moves the fetch on: decides, handles answers and timeouts, asks for more chunks.
   *
   * @param applied this node's applied height
   * @param peers connected peers' heights
   * @return true once settled (block sync may apply blocks)
   */
  synchronized boolean step(long now, long applied, SortedMap<NodeId, Long> peers) {
    if (phase == Phase.UNDECIDED) {
      decide(now, applied, peers);
    }
    while (phase == Phase.FETCHING && !inbox.isEmpty()) {
      handle(inbox.poll(), now, applied, peers);
    }
    if (phase == Phase.FETCHING) {
      for (Map.Entry<Integer, Long> e : outstanding.entrySet()) {
        if (now - e.getValue() > 0) {
          LOG.warn("block sync: peer {} did not send focus chunk {} in time; asking another",
              peer, e.getKey());
          passOver(now, applied, peers);
          break;
        }
      }
    }
    if (phase == Phase.FETCHING && first != null) {
      while (outstanding.size() < settings.inFlight() && nextChunk < chunks) {
        ask(now, height, nextChunk++);
      }
    }
    return phase == Phase.DONE;
  }

  private void decide(long now, long applied, SortedMap<NodeId, Long> peers) {
    if (target.pending()) {
      done(now, false, "a fetched focus is already waiting to be taken up");
      return;
    }
    long best = 0;
    for (long h : peers.values()) {
      best = Math.max(best, h);
    }
    if (best == 0) {
      return; // no peer heights yet
    }
    if (best - applied < settings.minBlocks()) {
      done(now, false, "not needed: height " + applied + ", best peer at " + best);
      return;
    }
    LOG.info("block sync: height {}, best peer at {}: fetching a rank snapshot instead of "
        + "computing the focus of every height", applied, best);
    phase = Phase.FETCHING;
    startedNanos = now;
    nextPeer(now, applied, peers);
  }

  private void handle(Event e, long now, long applied, SortedMap<NodeId, Long> peers) {
    if (e.chunk() == null) {
      if (first != null && restarts < RESTARTS_PER_PEER) {
        restarts++;
        LOG.info("block sync: peer {} no longer keeps the focus of {}; asking for its newest",
            peer, height);
        restart(now);
      } else {
        LOG.info("block sync: peer {} has no rank snapshot to give", peer);
        passOver(now, applied, peers);
      }
      return;
    }
    FocusChunk c = e.chunk();
    boolean isFirst = first == null;
    int request = isFirst ? 0 : c.getChunk();
    if (!outstanding.containsKey(request)
        || (isFirst && c.getChunk() != 0) || (!isFirst && c.getHeight() != height)) {
      // a duplicate, for a focus given up, or not what was asked: the request stays
      // outstanding (removed, nothing would ask again or time out) until its answer or deadline
      return;
    }
    outstanding.remove(request);
    try {
      if (isFirst) {
        verifier.checkFirst(c);
        if (c.getHeight() <= applied) {
          LOG.info("block sync: peer {} offers the focus of {}, not above this node's height {};"
              + " asking another", peer, c.getHeight(), applied);
          passOver(now, applied, peers);
          return;
        }
        first = c;
        height = c.getHeight();
        chunks = c.getChunks();
        assembly = new FocusAssembly(c);
        nextChunk = 1;
      } else {
        verifier.check(c, first, c.getChunk());
      }
      assembly.add(c);
      if (assembly.complete()) {
        install(assembly.finish(), now);
      }
    } catch (BadFocusException bad) {
      LOG.warn("block sync: peer {} sent a bad focus: {}; banned, asking another", peer,
          bad.getMessage());
      NodeId liar = peer;
      passOver(now, applied, peers);
      ban.accept(liar, "block sync: " + bad.getMessage());
    }
  }

  private void install(VerifiedFocus focus, long now) {
    if (target.install(focus)) {
      done(now, false, String.format(java.util.Locale.ROOT,
          "installed the focus of height %d (%d particles) from peer %s, checked against the "
              + "rank root of header %d, in %d ms", focus.height(), focus.values().length, peer,
          focus.headerHeight(), (now - startedNanos) / 1_000_000));
    } else {
      done(now, true,
          "the focus of height " + focus.height() + " came too late; computing every height");
    }
  }

  private void passOver(long now, long applied, SortedMap<NodeId, Long> peers) {
    passed.add(peer);
    nextPeer(now, applied, peers);
  }

  /**
   * The next peer far enough ahead in node id order, starting after the one asked last: a fetch
   * at run time that gave nothing asks the next peer first, not the same one every 60 s (each
   * serving connection bans past a few foci's worth of chunks in 10 minutes).
   */
  private void nextPeer(long now, long applied, SortedMap<NodeId, Long> peers) {
    peer = null;
    List<NodeId> order = new ArrayList<>(lastAsked == null ? peers.keySet()
        : peers.tailMap(lastAsked).keySet());
    order.remove(lastAsked);
    if (lastAsked != null) {
      order.addAll(peers.headMap(lastAsked).keySet());
      if (peers.containsKey(lastAsked)) {
        order.add(lastAsked); // asked last: last again
      }
    }
    for (NodeId id : order) {
      if (!passed.contains(id) && !p2p.isBanned(id)
          && peers.get(id) - applied >= settings.minBlocks()) {
        peer = id;
        break;
      }
    }
    if (peer == null) {
      done(now, true, "no peer gave a rank snapshot; computing the focus of every height");
      return;
    }
    restarts = 0;
    lastAsked = peer;
    restart(now);
  }

  /** Asks {@link #peer} for chunk 0 of its newest focus. */
  private void restart(long now) {
    outstanding.clear();
    first = null;
    assembly = null;
    chunks = 0;
    height = 0;
    asked.add(peer);
    ask(now, 0, 0);
  }

  private void ask(long now, long h, int chunk) {
    outstanding.put(chunk, now + timeoutNanos);
    if (!p2p.send(peer, Channel.CHANNEL_BLOCKSYNC, SyncMessages.focusRequest(h, chunk))) {
      LOG.debug("block sync: focus request to {} not queued", peer);
    }
  }

  private void done(long now, boolean nothing, String why) {
    phase = Phase.DONE;
    outcome = why;
    settledNanos = now;
    gaveNothing = nothing;
    peer = null;
    outstanding.clear();
    inbox.clear();
    first = null;
    assembly = null;
    chunks = 0;
    LOG.info("block sync: rank snapshot: {}", why);
    notifyAll();
  }

  /** Peers asked so far (tests). */
  synchronized ArrayList<NodeId> asked() {
    return new ArrayList<>(asked);
  }
}
