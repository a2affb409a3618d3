package io.cybergraph.node.evidence;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.p2p.PeerInfo;
import io.cybergraph.p2p.PeerListener;
import io.cybergraph.p2p.PeerMisbehaviourException;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.EvidenceMessage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence gossip on {@code CHANNEL_EVIDENCE} ({@code EvidenceMessage}, docs/evidence.md):
 *
 * <ul>
 *   <li>every item the pool takes (reported by consensus or received) is sent once to each
 *       connected peer that does not have it (it sent it to us, or we sent it to it); a peer
 *       that connects is sent the whole pending pool;
 *   <li>received items are verified off the I/O thread, on one thread, and added to the pool.
 *       An item that fails a check no honest peer can fail ({@link Rejection#peerFault}) gets
 *       the peer banned; one that is only too old, already committed or of a height this node
 *       has not reached is dropped quietly.
 * </ul>
 */
public final class EvidenceGossip implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceGossip.class);
  /** Evidence items in one message, sent or accepted. */
  public static final int MAX_PER_MESSAGE = 64;
  /** Received items waiting for verification; beyond it arrivals are dropped. */
  static final int MAX_QUEUED = 1_024;
  /** Evidence hashes remembered per peer. */
  static final int MAX_KNOWN_PER_PEER = 10_000;

  private final P2pNode p2p;
  private final EvidencePool pool;
  private final ConcurrentHashMap<NodeId, Set<ByteKey>> known = new ConcurrentHashMap<>();
  private final ExecutorService verifier;
  private final PeerListener listener = new Listener();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong added = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean running;

  public EvidenceGossip(P2pNode p2p, EvidencePool pool) {
    this.p2p = p2p;
    this.pool = pool;
    this.verifier = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(MAX_QUEUED), r -> {
          Thread t = new Thread(r, "evidence-gossip");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    pool.addListener(this::broadcast);
  }

  /** Registers the channel handler and the peer listener. */
  public synchronized void start() {
    running = true;
    p2p.setHandler(Channel.CHANNEL_EVIDENCE, this::onMessage);
    p2p.addPeerListener(listener);
    for (PeerInfo peer : p2p.peers()) {
      listener.peerConnected(peer);
    }
  }

  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    p2p.setHandler(Channel.CHANNEL_EVIDENCE, null);
    p2p.removePeerListener(listener);
    verifier.shutdownNow();
    try {
      verifier.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Items received, added to the pool from peers, and sent. */
  public long[] counts() {
    return new long[] {received.get(), added.get(), sent.get()};
  }

  private void onMessage(NodeId from, byte[] payload)
      throws InvalidProtocolBufferException, PeerMisbehaviourException {
    EvidenceMessage message = EvidenceMessage.parseFrom(payload);
    if (message.getEvidenceCount() > MAX_PER_MESSAGE) {
      throw new PeerMisbehaviourException("evidence message with " + message.getEvidenceCount()
          + " items, at most " + MAX_PER_MESSAGE + " allowed");
    }
    received.addAndGet(message.getEvidenceCount());
    for (Evidence e : message.getEvidenceList()) {
      ByteKey hash = ByteKey.of(DuplicateVotes.hash(e));
      remember(from, hash);
      if (pool.hasHash(hash)) {
        continue;
      }
      try {
        verifier.execute(() -> admit(from, e, hash));
      } catch (RejectedExecutionException full) {
        LOG.debug("evidence gossip: queue full, dropped evidence {} from {}", hash, from);
      }
    }
  }

  private void admit(NodeId from, Evidence e, ByteKey hash) {
    try {
      if (pool.add(e) == EvidencePool.Outcome.ADDED) {
        added.incrementAndGet();
        LOG.info("evidence {} from peer {} added to the pool", hash, from);
      }
    } catch (InvalidEvidenceException ex) {
      if (ex.rejection().peerFault()) {
        LOG.warn("evidence {} from peer {} is invalid ({}): banning the peer", hash, from,
            ex.getMessage());
        p2p.ban(from, "sent invalid evidence: " + ex.getMessage());
      } else {
        LOG.debug("evidence {} from peer {} not kept: {}", hash, from, ex.getMessage());
      }
    } catch (RuntimeException ex) {
      LOG.error("evidence gossip: admitting evidence {} from {} failed", hash, from, ex);
    }
  }

  /** Sends one new pool item to every peer that does not have it. */
  private void broadcast(VerifiedEvidence v) {
    if (!running) {
      return;
    }
    for (NodeId peer : known.keySet()) {
      sendTo(peer, List.of(v));
    }
  }

  private void sendTo(NodeId peer, List<VerifiedEvidence> items) {
    EvidenceMessage.Builder m = EvidenceMessage.newBuilder();
    for (VerifiedEvidence v : items) {
      if (remember(peer, v.hash())) {
        m.addEvidence(v.evidence());
      }
      if (m.getEvidenceCount() == MAX_PER_MESSAGE) {
        send(peer, m.build());
        m.clear();
      }
    }
    if (m.getEvidenceCount() > 0) {
      send(peer, m.build());
    }
  }

  private void send(NodeId peer, EvidenceMessage m) {
    if (p2p.send(peer, Channel.CHANNEL_EVIDENCE, Protobufs.encode(m))) {
      sent.addAndGet(m.getEvidenceCount());
      LOG.debug("sent {} evidence to peer {}", m.getEvidenceCount(), peer);
    }
  }

  /** Marks the hash as known to the peer; false when it was already. */
  private boolean remember(NodeId peer, ByteKey hash) {
    Set<ByteKey> set = known.get(peer);
    if (set == null) {
      return false; // not connected (any more)
    }
    if (set.size() >= MAX_KNOWN_PER_PEER) {
      set.clear(); // bounded: at worst an item is sent to this peer again
    }
    return set.add(hash);
  }

  private final class Listener implements PeerListener {
    @Override
    public void peerConnected(PeerInfo info) {
      known.put(info.id(), ConcurrentHashMap.newKeySet());
      sendTo(info.id(), pool.pending());
    }

    @Override
    public void peerDisconnected(PeerInfo info, String reason) {
      known.remove(info.id());
    }
  }
}
