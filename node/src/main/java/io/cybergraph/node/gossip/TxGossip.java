package io.cybergraph.node.gossip;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.tx.PreparedTx;
import io.cybergraph.node.app.tx.TxRefusedException;
import io.cybergraph.node.mempool.Mempool;
import io.cybergraph.node.net.PeerShares;
import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.p2p.PeerInfo;
import io.cybergraph.p2p.PeerListener;
import io.cybergraph.p2p.PeerMisbehaviourException;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.MempoolMessage;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transaction gossip on {@code CHANNEL_MEMPOOL} (docs/sync.md): a tx admitted to this node's
 * mempool — from RPC through {@link #submit}, or from a peer — is sent once to every connected
 * peer that does not have it.
 *
 * <ul>
 *   <li>Per peer, the hashes it has are remembered (it sent them to us, or we sent them to it;
 *       bounded), so nothing goes back to its sender or twice to a peer.
 *   <li>Txs wait {@code flushDelay} per peer and leave in {@code MempoolMessage} batches; a
 *       batch the peer's send queue refuses is kept and retried.
 *   <li>Received txs are admitted through the mempool's normal checks on one admission thread
 *       (in arrival order, so one account's sequences stay in order), never on an I/O thread.
 *       A tx received lately is skipped before any check (a set with its own short lock: the
 *       I/O threads never wait for the mempool's lock), and so is a tx the peer sent before on
 *       this connection (or was sent by us). A refusal that no honest peer could
 *       cause ({@link PeerFaults}) counts against the peer, which is banned at {@code
 *       maxInvalidTxs}; other refusals (sequence, bandwidth, already seen, ...) do not.
 *   <li>A peer that connects is sent the mempool's pending txs (read on the sender thread):
 *       each one this node dialled, and the first from one address in {@link
 *       #PENDING_OFFER_INTERVAL_NANOS} ({@link PendingOffers}).
 * </ul>
 */
public final class TxGossip implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TxGossip.class);
  private static final long RETRY_MILLIS = 50;

  private record Arrival(NodeId from, ByteKey hash, byte[] raw) {}

  private final P2pNode p2p;
  private final Mempool mempool;
  private final GossipConfig config;
  private final int batchBytes;
  private final ConcurrentHashMap<NodeId, PeerTxs> peers = new ConcurrentHashMap<>();
  private final BlockingQueue<Arrival> arrivals;
  /** Each peer's share of {@link #arrivals}: a tenth, so one host cannot fill it. */
  private final PeerShares arrivalShares;
  private final ScheduledExecutorService sender;
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final Thread admitter;
  private final PeerListener listener = new Listener();
  /** How often the peers dialling in from one address are offered the pending txs. */
  static final long PENDING_OFFER_INTERVAL_NANOS = 10_000_000_000L;
  private final PendingOffers offers;
  /**
   * Txs received lately (4 admission queues' worth), for the I/O threads' duplicate check: its
   * own lock, held for a set operation, never the mempool's, which a block's recheck holds long.
   */
  private final KnownTxs recent;
  private volatile boolean running;

  private final AtomicLong messagesReceived = new AtomicLong();
  private final AtomicLong txsReceived = new AtomicLong();
  private final AtomicLong txsAdmitted = new AtomicLong();
  private final AtomicLong txsAlreadySeen = new AtomicLong();
  private final AtomicLong txsRefused = new AtomicLong();
  private final AtomicLong txsInvalid = new AtomicLong();
  private final AtomicLong txsDropped = new AtomicLong();
  private final AtomicLong messagesSent = new AtomicLong();
  private final AtomicLong txsSent = new AtomicLong();

  public TxGossip(P2pNode p2p, Mempool mempool, GossipConfig config) {
    this(p2p, mempool, config, PENDING_OFFER_INTERVAL_NANOS);
  }

  /** As above, with the interval of {@link PendingOffers} (tests). */
  TxGossip(P2pNode p2p, Mempool mempool, GossipConfig config, long pendingOfferIntervalNanos) {
    this.offers = new PendingOffers(pendingOfferIntervalNanos);
    this.p2p = p2p;
    this.mempool = mempool;
    this.config = config;
    // room for the Envelope and message overhead within a frame
    this.batchBytes = Math.min(config.maxBatchBytes(), p2p.config().maxFrameBytes() - 1024);
    this.arrivals = new ArrayBlockingQueue<>(config.admitQueue());
    this.arrivalShares = new PeerShares(Math.max(1, config.admitQueue() / 10));
    this.recent = new KnownTxs(4 * config.admitQueue());
    this.sender = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tx-gossip-send"));
    this.admitter = daemon(this::admitLoop, "tx-gossip-admit");
  }

  /** Registers the channel handler and peer listener and starts the threads. */
  public synchronized void start() {
    if (running) {
      throw new IllegalStateException("tx gossip already started");
    }
    running = true;
    p2p.setHandler(Channel.CHANNEL_MEMPOOL, this::onMessage);
    p2p.addPeerListener(listener);
    for (PeerInfo peer : p2p.peers()) {
      listener.peerConnected(peer);
    }
    admitter.start();
  }

  @Override
  public void close() {
    stop();
  }

  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    p2p.setHandler(Channel.CHANNEL_MEMPOOL, null);
    p2p.removePeerListener(listener);
    admitter.interrupt();
    sender.shutdownNow();
    try {
      admitter.join(5_000);
      sender.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Admits a tx of this node's own (RPC) to the mempool and gossips it.
   *
   * @return its hash
   * @throws TxRefusedException with the reason when the mempool refuses it (nothing is sent)
   */
  public ByteKey submit(byte[] raw) {
    ByteKey hash = mempool.add(raw);
    broadcast(hash, raw, null);
    return hash;
  }

  public GossipStats stats() {
    return new GossipStats(messagesReceived.get(), txsReceived.get(), txsAdmitted.get(),
        txsAlreadySeen.get(), txsRefused.get(), txsInvalid.get(), txsDropped.get(),
        messagesSent.get(), txsSent.get());
  }

  private void onMessage(NodeId from, byte[] payload)
      throws InvalidProtocolBufferException, PeerMisbehaviourException {
    MempoolMessage message = MempoolMessage.parseFrom(payload);
    if (message.getTxsCount() > config.maxTxsPerMessage()) {
      throw new PeerMisbehaviourException("mempool message with " + message.getTxsCount()
          + " txs, at most " + config.maxTxsPerMessage() + " allowed");
    }
    PeerTxs peer = peers.get(from);
    messagesReceived.incrementAndGet();
    txsReceived.addAndGet(message.getTxsCount());
    for (ByteString tx : message.getTxsList()) {
      byte[] raw = tx.toByteArray();
      ByteKey hash = ByteKey.of(Hashes.sha256(raw));
      if (peer != null && !peer.received(hash)) {
        // it sent this tx before (or we sent it to it): an honest peer sends a tx once per
        // connection, and a tx refused for now was checked again at every copy (1.4 ms for
        // one of 1,000 links whose sequence is ahead)
        txsAlreadySeen.incrementAndGet();
      } else if (receivedLately(hash)) { // on its way or admitted (not mempool.seen: its lock)
        txsAlreadySeen.incrementAndGet();
      } else if (!arrivalShares.take(from)) {
        droppedUnchecked(peer, hash);
        LOG.debug("tx gossip: {} has its share of the admission queue waiting, dropped tx {}",
            from, hash);
      } else if (!arrivals.offer(new Arrival(from, hash, raw))) {
        arrivalShares.release(from);
        droppedUnchecked(peer, hash);
        LOG.debug("tx gossip: admission queue full, dropped tx {} from {}", hash, from);
      }
    }
  }

  /** A tx dropped before any check: it may come again, from this peer too. */
  private void droppedUnchecked(PeerTxs peer, ByteKey hash) {
    forget(hash);
    if (peer != null) {
      peer.dropped(hash);
    }
    txsDropped.incrementAndGet();
  }

  /** Notes a received tx; true when it was received lately already. */
  private boolean receivedLately(ByteKey hash) {
    synchronized (recent) {
      return !recent.add(hash);
    }
  }

  private void forget(ByteKey hash) {
    synchronized (recent) {
      recent.remove(hash);
    }
  }

  private void admitLoop() {
    while (running) {
      Arrival a;
      try {
        a = arrivals.take();
      } catch (InterruptedException e) {
        return;
      }
      arrivalShares.release(a.from());
      admit(a);
    }
  }

  private void admit(Arrival a) {
    try {
      mempool.add(a.raw());
    } catch (TxRefusedException e) {
      switch (e.code()) {
        case ALREADY_IN_MEMPOOL, ALREADY_SEEN -> txsAlreadySeen.incrementAndGet();
        default -> {
          forget(a.hash()); // refused for now (a sequence gap, bandwidth): may come again
          refused(a, e);
        }
      }
      return;
    } catch (RuntimeException e) {
      forget(a.hash());
      LOG.error("tx gossip: admitting tx {} from {} failed", a.hash(), a.from(), e);
      return;
    }
    txsAdmitted.incrementAndGet();
    broadcast(a.hash(), a.raw(), a.from());
  }

  private void refused(Arrival a, TxRefusedException e) {
    txsRefused.incrementAndGet();
    if (!PeerFaults.isFault(e.code())) {
      LOG.debug("tx gossip: tx {} from {} refused: {}", a.hash(), a.from(), e.getMessage());
      return;
    }
    txsInvalid.incrementAndGet();
    PeerTxs peer = peers.get(a.from());
    int count = peer == null ? 0 : peer.invalid();
    LOG.debug("tx gossip: invalid tx {} from {} ({} so far): {}", a.hash(), a.from(), count,
        e.getMessage());
    if (count == config.maxInvalidTxs()) {
      p2p.ban(a.from(), "sent " + count + " invalid txs, the last: " + e.getMessage());
    }
  }

  /** Queues a tx for every peer that does not have it, except {@code from}. */
  private void broadcast(ByteKey hash, byte[] raw, NodeId from) {
    boolean queued = false;
    for (PeerTxs peer : peers.values()) {
      if (!peer.id.equals(from) && peer.offer(hash, raw)) {
        queued = true;
      }
    }
    if (queued) {
      scheduleFlush(config.flushDelay().toNanos());
    }
  }

  private void scheduleFlush(long delayNanos) {
    if (running && flushScheduled.compareAndSet(false, true)) {
      try {
        sender.schedule(this::flush, delayNanos, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        flushScheduled.set(false); // stopping
      }
    }
  }

  /** Sends every peer's waiting txs in batches; what a full send queue refuses is retried. */
  private void flush() {
    flushScheduled.set(false);
    boolean retry = false;
    for (PeerTxs peer : peers.values()) {
      while (true) {
        List<byte[]> batch = peer.takeBatch(config.maxBatchTxs(), batchBytes);
        if (batch.isEmpty()) {
          break;
        }
        if (!send(peer, batch)) {
          peer.putBack(batch);
          retry = true;
          break;
        }
      }
    }
    if (retry) {
      scheduleFlush(TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS));
    }
  }

  private boolean send(PeerTxs peer, List<byte[]> batch) {
    MempoolMessage.Builder m = MempoolMessage.newBuilder();
    for (byte[] tx : batch) {
      m.addTxs(ByteString.copyFrom(tx));
    }
    try {
      if (!p2p.send(peer.id, Channel.CHANNEL_MEMPOOL, Protobufs.encode(m.build()))) {
        return !p2p.peer(peer.id).isPresent(); // gone: drop; queue full: retry
      }
    } catch (IllegalArgumentException e) {
      LOG.warn("tx gossip: cannot send {} txs to {}: {}", batch.size(), peer.id, e.getMessage());
      return true;
    }
    messagesSent.incrementAndGet();
    txsSent.addAndGet(batch.size());
    return true;
  }

  private void offerPending(PeerTxs peer) {
    if (peers.get(peer.id) != peer) {
      return; // gone meanwhile
    }
    boolean queued = false;
    for (PreparedTx tx : mempool.pendingTxs()) {
      queued |= peer.offer(tx.hash(), tx.raw());
    }
    if (queued) {
      scheduleFlush(config.flushDelay().toNanos());
    }
  }

  private final class Listener implements PeerListener {
    @Override
    public void peerConnected(PeerInfo info) {
      PeerTxs peer = new PeerTxs(info.id(), config);
      peers.put(info.id(), peer);
      if (!offers.offerTo(info, System.nanoTime())) {
        LOG.debug("tx gossip: peer {} is not sent the pending txs: another peer from {} was"
            + " lately", info.id(), info.remoteAddress());
        return;
      }
      // the pending txs on the sender thread: this runs on an I/O thread inside the peer set's
      // lock, and the mempool's lock can be held for a block's recheck
      try {
        sender.execute(() -> offerPending(peer));
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        // stopped meanwhile
      }
    }

    @Override
    public void peerDisconnected(PeerInfo info, String reason) {
      peers.remove(info.id());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
