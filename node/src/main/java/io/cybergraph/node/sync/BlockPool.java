package io.cybergraph.node.sync;

import io.cybergraph.p2p.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which block is asked from whom, and what has arrived: the scheduling state of block sync, with
 * no threads or sockets of its own (the {@link BlockSync} loop drives it).
 *
 * <p>Heights from the applied height + 1 up to a window ahead are requested from peers that
 * report having them, the least busy peer first, at most {@code maxInFlightPerPeer} per peer, so
 * several peers serve in parallel. Each height has one slot: unassigned → asked (with a
 * deadline) → received → verified or faulty. A timeout or a "no block" answer puts the slot back
 * to unassigned, to be asked of another peer. Blocks leave strictly in height order ({@link
 * #awaitNext}). Thread-safe: the I/O threads report answers, the verify threads results, the sync
 * thread schedules and applies.
 */
final class BlockPool {
  /** A request to send: the block at {@code height} from {@code peer}. */
  record Assignment(long height, NodeId peer) {}

  /** What an arriving block answers. */
  enum Arrival {
    /** the request to that peer still waiting: verify it */
    ACCEPTED,
    /** a request that was asked of that peer but timed out, or a height already applied: drop it */
    LATE,
    /** nothing that was asked of that peer: a protocol violation */
    UNASKED
  }

  /** The next block in order: verified, or refused with the fault of the peer that sent it. */
  record Ready(long height, NodeId peer, VerifiedBlock block, BadBlockException fault) {}

  private static final class Slot {
    NodeId peer; // asked (or answered) by this peer; null while unassigned
    long deadline;
    boolean received;
    int bytes;
    VerifiedBlock block;
    BadBlockException fault;
  }

  private static final class PeerState {
    long reported; // highest height the peer reported
    long cap = -1; // after "no block for h": h - 1, until the peer reports a new height
    int inFlight;
    int timeouts; // in a row
    final TreeSet<Long> asked = new TreeSet<>(); // not answered yet
    // asked over an earlier connection to this node and not answered yet: when both nodes dial
    // at once, one connection replaces the other (a disconnect and a connect of the same node)
    // while requests are out, and their answers then arrive over the new connection; they are
    // late, not unasked (banning an honest peer for them cut restarted validators off for 5 min)
    final TreeSet<Long> askedBefore = new TreeSet<>();

    long height() {
      return cap >= 0 ? Math.min(reported, cap) : reported;
    }
  }

  private final SyncConfig config;
  private final TreeMap<Long, Slot> slots = new TreeMap<>();
  private final TreeMap<NodeId, PeerState> peers = new TreeMap<>();
  private final Map<NodeId, TreeSet<Long>> askedOfLeftPeers = new HashMap<>(); // see askedBefore
  private long applied;
  private long bufferedBytes;
  private long lastVerifiedNanos;
  private boolean verifiedOnce;
  private NodeId lastPicked;

  BlockPool(SyncConfig config, long appliedHeight) {
    this.config = config;
    this.applied = appliedHeight;
  }

  /** A peer reported its latest height (handshake, status); heights only go up. */
  synchronized void peerHeight(NodeId id, long reported) {
    PeerState p = peers.computeIfAbsent(id, k -> {
      PeerState fresh = new PeerState();
      TreeSet<Long> before = askedOfLeftPeers.remove(k);
      if (before != null) {
        fresh.askedBefore.addAll(before);
      }
      return fresh;
    });
    if (reported > p.reported) {
      p.reported = reported;
      p.cap = -1;
    }
  }

  /** A peer left: its unanswered requests go back to be asked of others. */
  synchronized void removePeer(NodeId id) {
    PeerState left = peers.remove(id);
    if (left == null) {
      return;
    }
    left.askedBefore.addAll(left.asked);
    if (!left.askedBefore.isEmpty()) {
      askedOfLeftPeers.put(id, left.askedBefore); // until it comes back or the heights are applied
    }
    for (Slot s : slots.values()) {
      if (id.equals(s.peer) && !s.received) {
        s.peer = null;
      }
    }
  }

  /** Forgets peers not in {@code connected} (they left while their height was being read). */
  synchronized void retainPeers(Set<NodeId> connected) {
    for (NodeId id : List.copyOf(peers.keySet())) {
      if (!connected.contains(id)) {
        removePeer(id);
      }
    }
  }

  /** The highest height any peer can serve (0 without peers). */
  synchronized long maxPeerHeight() {
    long max = 0;
    for (PeerState p : peers.values()) {
      max = Math.max(max, p.height());
    }
    return max;
  }

  /**
   * Whether {@code height} is the peers' tip: no peer can serve a block above it, and at least
   * one peer's own report is no higher. A peer that reported more and then said it has no block
   * does not vouch for it: with only such peers the node is stalled, not caught up (a peer
   * whose "no block" answer came before its store had the block, a pruned peer, or a liar).
   */
  synchronized boolean isTip(long height) {
    boolean vouched = false;
    for (PeerState p : peers.values()) {
      if (p.height() > height) {
        return false;
      }
      vouched |= p.reported <= height;
    }
    return vouched;
  }

  /** Every known peer's height (as {@link #maxPeerHeight} counts it), by node id. */
  synchronized TreeMap<NodeId, Long> peerHeights() {
    TreeMap<NodeId, Long> out = new TreeMap<>();
    for (Map.Entry<NodeId, PeerState> e : peers.entrySet()) {
      out.put(e.getKey(), e.getValue().height());
    }
    return out;
  }

  synchronized int peerCount() {
    return peers.size();
  }

  synchronized long appliedHeight() {
    return applied;
  }

  /** Assigns unasked heights of the window to peers; the caller sends the requests. */
  synchronized List<Assignment> schedule(long nowNanos) {
    List<Assignment> out = new ArrayList<>();
    long last = Math.min(applied + config.windowBlocks(), maxPeerHeight());
    for (long h = applied + 1; h <= last && bufferedBytes < config.maxBufferedBytes(); h++) {
      Slot slot = slots.get(h);
      if (slot != null && (slot.peer != null || slot.received)) {
        continue;
      }
      NodeId peer = pickPeer(h);
      if (peer == null) {
        continue;
      }
      if (slot == null) {
        slot = new Slot();
        slots.put(h, slot);
      }
      slot.peer = peer;
      slot.deadline = nowNanos + config.requestTimeout().toNanos();
      PeerState p = peers.get(peer);
      p.inFlight++;
      p.asked.add(h);
      lastPicked = peer;
      out.add(new Assignment(h, peer));
    }
    return out;
  }

  /** The least busy peer that has {@code height} and room, rotating among equals. */
  private NodeId pickPeer(long height) {
    NodeId best = null;
    int bestLoad = Integer.MAX_VALUE;
    List<NodeId> order = new ArrayList<>();
    if (lastPicked != null) {
      order.addAll(peers.tailMap(lastPicked, false).keySet());
      order.addAll(peers.headMap(lastPicked, true).keySet());
    } else {
      order.addAll(peers.keySet());
    }
    for (NodeId id : order) {
      PeerState p = peers.get(id);
      if (p.height() >= height && p.inFlight < config.maxInFlightPerPeer() && p.inFlight < bestLoad) {
        best = id;
        bestLoad = p.inFlight;
      }
    }
    return best;
  }

  /** The request could not be queued: ask again later. */
  synchronized void unsent(Assignment a) {
    Slot slot = slots.get(a.height());
    if (slot != null && a.peer().equals(slot.peer) && !slot.received) {
      slot.peer = null;
      PeerState p = peers.get(a.peer());
      if (p != null) {
        p.inFlight--;
        p.asked.remove(a.height());
      }
    }
  }

  /**
   * A block arrived from {@code peer} for {@code height}. If {@link Arrival#ACCEPTED}, verify it
   * and report {@link #verified} or {@link #failed}.
   */
  synchronized Arrival onBlock(NodeId peer, long height, int bytes) {
    PeerState p = peers.get(peer);
    boolean asked = p != null && (p.asked.remove(height) || p.askedBefore.remove(height));
    Slot slot = slots.get(height);
    if (slot == null || slot.received || !peer.equals(slot.peer)) {
      return asked || height <= applied || p == null ? Arrival.LATE : Arrival.UNASKED;
    }
    slot.received = true;
    slot.bytes = bytes;
    bufferedBytes += bytes;
    p.inFlight--;
    p.timeouts = 0;
    return Arrival.ACCEPTED;
  }

  /** The peer says it has no block at {@code height}: ask another, and not this one again until it reports a new height. */
  synchronized void onNoBlock(NodeId peer, long height) {
    PeerState p = peers.get(peer);
    if (p != null) {
      p.cap = p.cap >= 0 ? Math.min(p.cap, height - 1) : height - 1;
      p.asked.remove(height);
    }
    Slot slot = slots.get(height);
    if (slot != null && peer.equals(slot.peer) && !slot.received) {
      slot.peer = null;
      if (p != null) {
        p.inFlight--;
      }
    }
  }

  synchronized void verified(long height, NodeId peer, VerifiedBlock block) {
    Slot slot = slots.get(height);
    if (slot != null && slot.received && peer.equals(slot.peer)) {
      slot.block = block;
      lastVerifiedNanos = System.nanoTime();
      verifiedOnce = true;
      notifyAll();
    }
  }

  /**
   * Whether a block arrived and verified (its commit checked) within {@code nanos}: proof that
   * a peer is ahead, where a reported height is only a claim.
   */
  synchronized boolean verifiedWithin(long nanos) {
    return verifiedOnce && System.nanoTime() - lastVerifiedNanos <= nanos;
  }

  synchronized void failed(long height, NodeId peer, BadBlockException fault) {
    Slot slot = slots.get(height);
    if (slot != null && slot.received && peer.equals(slot.peer)) {
      slot.fault = fault;
      notifyAll();
    }
  }

  /**
   * Puts requests past their deadline back to be asked of others.
   *
   * @return peers that let {@code maxTimeoutsPerPeer} requests in a row time out
   */
  synchronized List<NodeId> expire(long nowNanos) {
    List<NodeId> slow = new ArrayList<>();
    for (Slot s : slots.values()) {
      if (s.peer != null && !s.received && nowNanos - s.deadline > 0) {
        PeerState p = peers.get(s.peer);
        if (p != null) {
          p.inFlight--;
          if (++p.timeouts == config.maxTimeoutsPerPeer()) {
            slow.add(s.peer);
          }
        }
        s.peer = null;
      }
    }
    return slow;
  }

  /**
   * Waits up to {@code maxWaitMillis} for the block after the applied height to be verified (or
   * refused).
   *
   * @return it, or null if it is not ready yet
   */
  synchronized Ready awaitNext(long maxWaitMillis) throws InterruptedException {
    long deadline = System.nanoTime() + maxWaitMillis * 1_000_000;
    while (true) {
      Slot slot = slots.get(applied + 1);
      if (slot != null && (slot.block != null || slot.fault != null)) {
        return new Ready(applied + 1, slot.peer, slot.block, slot.fault);
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return null;
      }
      wait(left);
    }
  }

  /** Wakes a thread in {@link #awaitNext} (to stop it). */
  synchronized void wakeUp() {
    notifyAll();
  }

  /**
   * The node committed up to {@code height} another way (consensus): blocks up to it are no
   * longer wanted. Nothing happens for a height at or below the applied one.
   */
  synchronized void advanceTo(long height) {
    if (height <= applied) {
      return;
    }
    java.util.SortedMap<Long, Slot> done = slots.headMap(height, true);
    boolean droppedInFlight = false; // a request still out for a height now behind us
    for (Slot s : done.values()) {
      bufferedBytes -= s.bytes;
      droppedInFlight |= s.peer != null && !s.received;
    }
    done.clear();
    applied = height;
    forgetAskedUpTo(height);
    for (Map.Entry<NodeId, PeerState> e : peers.entrySet()) {
      if (!droppedInFlight) {
        continue; // the usual case, once per applied block: every peer's count is unchanged
      }
      int inFlight = 0;
      for (Slot s : slots.values()) {
        if (e.getKey().equals(s.peer) && !s.received) {
          inFlight++;
        }
      }
      e.getValue().inFlight = inFlight;
    }
    notifyAll();
  }

  /** The block at the applied height + 1 was applied. */
  synchronized void applied(long height) {
    if (height != applied + 1) {
      throw new IllegalStateException("applied " + height + " after " + applied);
    }
    Slot slot = slots.remove(height);
    if (slot != null) {
      bufferedBytes -= slot.bytes;
    }
    applied = height;
    forgetAskedUpTo(height);
  }

  /** Requests up to {@code height} are answered or no longer wanted: a later answer is late. */
  private void forgetAskedUpTo(long height) {
    for (PeerState p : peers.values()) {
      p.asked.headSet(height, true).clear();
      p.askedBefore.headSet(height, true).clear();
    }
    askedOfLeftPeers.values().forEach(asked -> asked.headSet(height, true).clear());
    askedOfLeftPeers.values().removeIf(TreeSet::isEmpty);
  }

  /**
   * {@code peer} sent a bad block: forget the peer, and every block it sent that is not verified
   * yet, so all of it is asked of others.
   */
  synchronized void rejected(NodeId peer) {
    peers.remove(peer);
    askedOfLeftPeers.remove(peer);
    Map<Long, Slot> reset = new HashMap<>();
    for (Map.Entry<Long, Slot> e : slots.entrySet()) {
      Slot s = e.getValue();
      if (peer.equals(s.peer) && s.block == null) {
        reset.put(e.getKey(), s);
      }
    }
    for (Map.Entry<Long, Slot> e : reset.entrySet()) {
      bufferedBytes -= e.getValue().bytes;
      slots.remove(e.getKey());
    }
  }

  /** Received blocks waiting to be applied. */
  synchronized int bufferedBlocks() {
    int n = 0;
    for (Slot s : slots.values()) {
      if (s.received) {
        n++;
      }
    }
    return n;
  }
}
