package io.cybergraph.node.sync;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.p2p.PeerInfo;
import io.cybergraph.p2p.PeerListener;
import io.cybergraph.p2p.PeerMisbehaviourException;
import io.cybergraph.proto.pb.BlockResponse;
import io.cybergraph.proto.pb.BlockSyncMessage;
import io.cybergraph.proto.pb.Channel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Block sync on the {@code CHANNEL_BLOCKSYNC} channel (docs/sync.md).
 *
 * <p>Every node serves its stored blocks ({@link BlockServer}). A following node (a full node,
 * or any node that is behind) also fetches: it learns peers' heights (handshake, {@code
 * PeerStatus}, status answers), asks several peers in parallel for the blocks after its own
 * height ({@link BlockPool}), checks each answer as it arrives on verify threads ({@link
 * BlockVerifier#verify}: height, block id, commit signatures and power), and on one thread
 * applies the blocks strictly in order: header links to its chain, then the {@link
 * BlockApplier} executes and persists. Once caught up it keeps following the validators' new
 * blocks the same way. A peer that sends a bad block is banned and its requests go to others; a
 * committed block that disagrees with this node's own state halts following.
 */
public final class BlockSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockSync.class);

  private final P2pNode p2p;
  private final BlockApplier applier; // null: serve only
  private final SyncConfig config;
  private final Consumer<ChainHaltException> onHalt;
  /** Fetch only when a peer is more than this many blocks ahead (consensus covers the rest). */
  private final long lead;
  private final BlockServer server;
  private final BlockSource source;
  private final ExecutorService serveExecutor;
  private final BlockVerifier verifier;
  private final BlockPool pool;
  private final SyncProgress progress;
  private final ExecutorService verifyExecutor;
  private final PeerListener listener = new Listener();
  private volatile FocusServer focusServer;
  private volatile FocusFetch focusFetch; // null: every height's focus is computed
  /** Peers banned for a bad block, until their connection has closed. */
  private final Set<NodeId> rejected = ConcurrentHashMap.newKeySet();
  /** Peers that let requests time out, kept out of the pool for a while (only the run thread). */
  private final SlowPeers slow = new SlowPeers();

  private Thread thread;
  private volatile boolean running;
  private volatile boolean caughtUpOnce;
  private volatile String haltedReason;
  private long lastRefreshNanos;

  private BlockSync(P2pNode p2p, BlockSource source, BlockApplier applier, SyncConfig config,
      Consumer<ChainHaltException> onHalt, long lead) {
    this.p2p = p2p;
    this.lead = lead;
    this.applier = applier;
    this.config = config;
    this.onHalt = onHalt;
    this.serveExecutor = Executors.newSingleThreadExecutor(threads("blocksync-serve"));
    this.server = new BlockServer(source, p2p, serveExecutor, config.maxServePending());
    this.focusServer = new FocusServer(null, source, p2p, serveExecutor,
        SnapshotSettings.defaults().chunkSize(), FocusServer.MAX_PENDING);
    this.source = source;
    if (applier != null) {
      verifier = new BlockVerifier(applier.chainId(), applier.validators());
      pool = new BlockPool(config, applier.height());
      progress = new SyncProgress(config.progressInterval(), System::nanoTime);
      verifyExecutor =
          Executors.newFixedThreadPool(config.verifyThreads(), threads("blocksync-verify"));
    } else {
      verifier = null;
      pool = null;
      progress = null;
      verifyExecutor = null;
    }
  }

  /** A node that only serves its blocks (a validator that is not behind). */
  public static BlockSync serving(P2pNode p2p, BlockSource source, SyncConfig config) {
    return new BlockSync(p2p, source, null, config, e -> {}, 0);
  }

  /**
   * A node that serves its blocks and follows the chain through {@code applier}.
   *
   * @param onHalt told (on the sync thread) when a committed block disagrees with this node's
   *     state; block sync has stopped following by then
   */
  public static BlockSync following(P2pNode p2p, BlockSource source, BlockApplier applier,
      SyncConfig config, Consumer<ChainHaltException> onHalt) {
    return new BlockSync(p2p, source, applier, config, onHalt, 0);
  }

  /**
   * A validator's block sync: it catches up like a following node while peers are more than
   * one block ahead, and leaves the last block to consensus, which commits through the same
   * {@code applier} path ({@link #committedElsewhere} tells it).
   */
  public static BlockSync catchingUp(P2pNode p2p, BlockSource source, BlockApplier applier,
      SyncConfig config, Consumer<ChainHaltException> onHalt) {
    return new BlockSync(p2p, source, applier, config, onHalt, 1);
  }

  /** Consensus committed {@code height}: block sync stops wanting blocks up to it. */
  public void committedElsewhere(long height) {
    if (pool != null) {
      pool.advanceTo(height);
    }
  }

  /**
   * Rank snapshot sync (docs/sync.md); call before {@link #start}. This node serves the focus
   * vectors {@code focus} keeps; if it follows the chain and {@code target} is given (and
   * snapshot sync is enabled), a catch-up of at least {@code settings.minBlocks()} blocks starts
   * by taking up a verified focus from peers instead of computing every height.
   */
  public synchronized BlockSync withRankSnapshots(FocusSource focus, FocusTarget target,
      SnapshotSettings settings) {
    if (running) {
      throw new IllegalStateException("block sync already started");
    }
    focusServer = new FocusServer(focus, source, p2p, serveExecutor, settings.chunkSize(),
        FocusServer.MAX_PENDING);
    if (applier != null && target != null && settings.enabled()) {
      FocusVerifier check = new FocusVerifier(applier.chainId(), applier.validators(),
          target.lag(), settings.maxParticles());
      focusFetch = new FocusFetch(p2p, check, target, settings, config.requestTimeout(),
          this::banForFocus);
    }
    return this;
  }

  /** How rank snapshot sync settled, null while it has not (or is not enabled). */
  public String snapshotOutcome() {
    return focusFetch == null ? null : focusFetch.outcome();
  }

  /** Registers the channel handler and peer listener, and starts following if asked to. */
  public synchronized void start() {
    if (running) {
      throw new IllegalStateException("block sync already started");
    }
    running = true;
    p2p.setHandler(Channel.CHANNEL_BLOCKSYNC, this::onMessage);
    p2p.addPeerListener(listener);
    if (applier != null) {
      for (PeerInfo peer : p2p.peers()) {
        listener.peerConnected(peer);
      }
      thread = new Thread(this::run, "blocksync");
      thread.setDaemon(true);
      thread.start();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Stops fetching and serving; waits for the threads. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    p2p.setHandler(Channel.CHANNEL_BLOCKSYNC, null);
    p2p.removePeerListener(listener);
    if (thread != null) {
      pool.wakeUp();
      if (focusFetch != null) {
        focusFetch.wakeUp();
      }
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      verifyExecutor.shutdownNow();
    }
    serveExecutor.shutdownNow();
    try {
      serveExecutor.awaitTermination(5, TimeUnit.SECONDS);
      if (verifyExecutor != null) {
        verifyExecutor.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Where following stands (for {@code /status}); a serving-only node is never catching up. */
  public SyncStatus status() {
    if (applier == null) {
      return new SyncStatus(p2p.localHeight(), p2p.localHeight(), p2p.peers().size(), false, null);
    }
    long height = applier.height();
    long target = Math.max(height, pool.maxPeerHeight());
    boolean catchingUp = haltedReason == null && (!caughtUpOnce || target > height + 1);
    return new SyncStatus(height, target, pool.peerCount(), catchingUp, haltedReason);
  }

  /**
   * True while this node is more than one block behind a peer <em>and</em> blocks from peers keep
   * arriving and verifying (one did within the request timeout). A reported height is only a
   * claim: a peer announcing a huge height and serving nothing must not keep a validator out
   * of consensus.
   */
  public boolean fetchingAhead() {
    if (applier == null) {
      return false;
    }
    SyncStatus s = status();
    return s.target() > s.height() + 1 && pool.verifiedWithin(config.requestTimeout().toNanos());
  }

  private void onMessage(NodeId from, byte[] payload)
      throws InvalidProtocolBufferException, PeerMisbehaviourException {
    BlockSyncMessage m = BlockSyncMessage.parseFrom(payload);
    switch (m.getSumCase()) {
      case STATUS_REQUEST -> server.onStatusRequest(from);
      case BLOCK_REQUEST -> server.onBlockRequest(from, m.getBlockRequest().getHeight());
      case STATUS_RESPONSE -> {
        long height = m.getStatusResponse().getHeight();
        if (height < 0 || m.getStatusResponse().getBase() < 0) {
          throw new PeerMisbehaviourException("block sync: negative height in a status");
        }
        if (pool != null) {
          pool.peerHeight(from, height);
        }
      }
      case BLOCK_RESPONSE -> onBlock(from, m.getBlockResponse(), payload.length);
      case NO_BLOCK_RESPONSE -> {
        if (pool != null) {
          pool.onNoBlock(from, m.getNoBlockResponse().getHeight());
        }
      }
      case FOCUS_REQUEST -> focusServer.onRequest(from, m.getFocusRequest().getHeight(),
          m.getFocusRequest().getChunk());
      case FOCUS_CHUNK -> {
        if (focusFetch == null) {
          throw new PeerMisbehaviourException("block sync: sent a focus chunk unasked");
        }
        focusFetch.onChunk(from, m.getFocusChunk());
      }
      case NO_FOCUS_RESPONSE -> {
        if (focusFetch != null) {
          focusFetch.onNoFocus(from, m.getNoFocusResponse().getHeight());
        }
      }
      case SUM_NOT_SET -> throw new PeerMisbehaviourException("block sync: empty message");
    }
  }

  private void onBlock(NodeId from, BlockResponse response, int bytes)
      throws PeerMisbehaviourException {
    long height = response.getBlock().getHeader().getHeight();
    if (!response.hasBlock() || !response.hasCommit() || height < 1) {
      // no request is for height 0 or a block without its commit: nothing honest sends this
      throw new PeerMisbehaviourException("block sync: sent a block response without a block"
          + " of height >= 1 and its commit");
    }
    BlockPool.Arrival arrival =
        pool == null ? BlockPool.Arrival.UNASKED : pool.onBlock(from, height, bytes);
    if (arrival == BlockPool.Arrival.UNASKED) {
      throw new PeerMisbehaviourException("block sync: sent block " + height + " unasked");
    }
    if (arrival == BlockPool.Arrival.LATE) {
      LOG.debug("block sync: dropped block {} from {}: answered late", height, from);
      return;
    }
    verifyExecutor.execute(() -> {
      try {
        VerifiedBlock block = verifier.verify(response, height);
        applier.prepare(block.block());
        pool.verified(height, from, block);
      } catch (BadBlockException e) {
        pool.failed(height, from, e);
      }
    });
  }

  private void run() {
    long start = applier.height();
    progress.start(start);
    LOG.info("block sync: following from height {}", start);
    applier.catchingUp(true);
    try {
      while (running) {
        refreshPeers();
        boolean behind = pool.maxPeerHeight() > applier.height() + lead;
        for (BlockPool.Assignment a : behind ? pool.schedule(System.nanoTime())
            : java.util.List.<BlockPool.Assignment>of()) {
          if (!p2p.send(a.peer(), Channel.CHANNEL_BLOCKSYNC, SyncMessages.blockRequest(a.height()))) {
            pool.unsent(a);
          }
        }
        // blocks are fetched and verified meanwhile, but applied only once the first rank
        // snapshot is settled: the pipeline must know where it takes it up before block g is
        // submitted (a fetch at run time, after falling behind, holds them back only once a
        // peer has shown chunk 0 with its committed header)
        if (focusFetch != null) {
          long now = System.nanoTime();
          if (focusFetch.settled()) {
            focusFetch.rearm(now, applier.height(), pool.maxPeerHeight());
          }
          if (!focusFetch.settled()
              && !focusFetch.step(now, applier.height(), pool.peerHeights())
              && focusFetch.holdsBlocks()) {
            focusFetch.await(config.tick().toMillis());
            continue;
          }
        }
        BlockPool.Ready next = pool.awaitNext(config.tick().toMillis());
        if (next != null) {
          apply(next);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ChainHaltException e) {
      halt(e);
    } catch (RuntimeException e) {
      LOG.error("block sync: stopped by an unexpected error after height {}", applier.height(), e);
      halt(new ChainHaltException(applier.height() + 1, "could not be applied: " + e));
    } finally {
      try {
        applier.catchingUp(false); // what was applied is durable
        if (applier.height() > p2p.localHeight()) {
          p2p.setLocalHeight(applier.height()); // the last blocks applied while catching up
        }
      } catch (RuntimeException e) {
        LOG.warn("block sync: could not make the applied blocks durable: {}", e.toString());
      }
    }
  }

  /** Peers' heights from their status messages, timeouts, and the caught-up state, once per tick. */
  private void refreshPeers() {
    long now = System.nanoTime();
    if (now - lastRefreshNanos < config.tick().toNanos()) {
      return;
    }
    lastRefreshNanos = now;
    Set<NodeId> connected = new HashSet<>();
    for (PeerInfo peer : p2p.peers()) {
      if (!rejected.contains(peer.id()) && !p2p.isBanned(peer.id())) {
        connected.add(peer.id());
        pool.peerHeight(peer.id(), peer.reportedHeight());
      }
    }
    slow.keepOut(connected, now);
    pool.retainPeers(connected);
    for (NodeId timedOut : pool.expire(now)) {
      Duration out = slow.timedOut(timedOut, now);
      LOG.warn("block sync: peer {} let {} requests in a row time out; disconnecting, and no"
          + " blocks asked of it for {} s while others serve", timedOut,
          config.maxTimeoutsPerPeer(), out.toSeconds());
      p2p.disconnect(timedOut, "block sync: requests timed out");
    }
    long height = applier.height();
    // While catching up the height is announced once per tick rather than after every block:
    // hundreds of PeerStatus messages a second (one TLS record and flush each, to every peer,
    // which each decode them) told peers nothing they needed that soon. Never lower: consensus
    // may have announced a block it committed meanwhile.
    if (!caughtUpOnce && height > p2p.localHeight()) {
      p2p.setLocalHeight(height);
    }
    if (!caughtUpOnce && pool.isTip(height)) {
      caughtUpOnce = true;
      applier.catchingUp(false);
      LOG.info(progress.caughtUp(height));
    }
  }

  private void apply(BlockPool.Ready next) {
    if (next.fault() != null) {
      LOG.warn("block sync: peer {} sent a bad block: {}; banned, asking others", next.peer(),
          next.fault().getMessage());
      rejected.add(next.peer());
      pool.rejected(next.peer());
      p2p.ban(next.peer(), "block sync: " + next.fault().getMessage());
      return;
    }
    VerifiedBlock block = next.block();
    if (block.height() <= applier.height()) { // consensus committed it meanwhile
      pool.advanceTo(applier.height());
      return;
    }
    verifier.checkLinks(block, applier.height(), applier.lastBlockId());
    applier.apply(block.block(), block.commit());
    pool.advanceTo(block.height());
    if (caughtUpOnce) {
      p2p.setLocalHeight(block.height());
    } // while catching up, refreshPeers announces it once per tick
    if (status().catchingUp()) {
      String line = progress.applied(block.height(), pool.maxPeerHeight());
      if (line != null) {
        LOG.info(line);
      }
    }
  }

  /** A peer sent a focus that does not check out: banned like a peer that sent a bad block. */
  private void banForFocus(NodeId peer, String reason) {
    rejected.add(peer);
    pool.rejected(peer);
    p2p.ban(peer, reason);
  }

  private void halt(ChainHaltException e) {
    haltedReason = e.getMessage();
    running = false;
    LOG.error("block sync halted: {}. This node's state differs from the chain the validators "
        + "committed; it stops following rather than fork", e.getMessage());
    onHalt.accept(e);
  }

  private final class Listener implements PeerListener {
    @Override
    public void peerConnected(PeerInfo peer) {
      if (pool != null && !rejected.contains(peer.id()) && !p2p.isBanned(peer.id())) {
        pool.peerHeight(peer.id(), peer.reportedHeight());
        p2p.send(peer.id(), Channel.CHANNEL_BLOCKSYNC, SyncMessages.statusRequest());
      }
    }

    @Override
    public void peerDisconnected(PeerInfo peer, String reason) {
      server.peerDisconnected(peer.id());
      focusServer.peerDisconnected(peer.id());
      if (pool != null) {
        pool.removePeer(peer.id());
        rejected.remove(peer.id());
      }
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
