package io.cybergraph.node.sync;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.p2p.PeerMisbehaviourException;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.FocusChunk;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code FocusRequest}s (rank snapshot sync): chunk {@code c} of the focus of a height
 * this node keeps, with the particles' texts; chunk 0 also carries the header of height + lag and
 * its commit, which let the receiver check the whole vector against the committed rank root.
 * A height no longer kept (or none at all) gets a {@code NoFocusResponse}. Reads run on {@code
 * executor}; a peer with more than {@code maxPending} requests waiting, or asking for a negative
 * height or a chunk past the end, violates the protocol, and one asking for more chunks than
 * {@link #FOCI_PER_CONNECTION} whole foci on one connection in {@link #FOCI_WINDOW_NANOS} is
 * banned.
 */
final class FocusServer {
  private static final Logger LOG = LoggerFactory.getLogger(FocusServer.class);

  /**
   * Focus requests one peer may have waiting: a fetching node keeps 4 in flight, and after a
   * "no focus" it starts again while its earlier requests may still be queued here.
   */
  static final int MAX_PENDING = 16;

  /**
   * Foci one connection may be served in {@link #FOCI_WINDOW_NANOS}, counted in chunks of the
   * focus being served: one fetch asks each chunk of at most 3 heights once (its newest, then
   * its newest again, twice, if the peer drops the focus meanwhile, {@link FocusFetch}), and a
   * node that keeps falling behind fetches again (asking the next peer first after a fetch that
   * gave nothing); 8 leaves room for that. A peer asking for more is not fetching a snapshot:
   * before 2026-12-08 one asking for the same ~1 MB chunk in a loop was served at ~20 chunks a
   * second (4 ms of CPU each) for as long as it liked.
   */
  static final int FOCI_PER_CONNECTION = 8;
  /**
   * The window the count of {@link #FOCI_PER_CONNECTION} covers: a node that was following
   * fetches again whenever it falls far behind ({@link FocusFetch#rearm}), possibly several
   * times over one long-lived connection, and must not be banned for that.
   */
  static final long FOCI_WINDOW_NANOS = 10 * 60 * 1_000_000_000L;

  /** What one connection has waiting and has been served. */
  private static final class PeerRequests {
    final AtomicInteger waiting = new AtomicInteger();
    /** Banned for its chunks: what it still has waiting is not answered (nor banned again). */
    volatile boolean banned;
    final ChunkBudget chunks = new ChunkBudget(FOCI_WINDOW_NANOS, System::nanoTime);
  }

  /** Chunks served to one connection in a window of time. */
  static final class ChunkBudget {
    private final long windowNanos;
    private final LongSupplier clock;
    private long windowStart;
    private int served; // in the window

    ChunkBudget(long windowNanos, LongSupplier clock) {
      this.windowNanos = windowNanos;
      this.clock = clock;
      this.windowStart = clock.getAsLong();
    }

    /** Counts one more chunk served; false if that is past {@code budget} in the window. */
    synchronized boolean take(int budget) {
      long now = clock.getAsLong();
      if (now - windowStart >= windowNanos) {
        windowStart = now;
        served = 0;
      }
      return ++served <= budget;
    }
  }

  private final FocusSource focus; // null: this node serves no focus
  private final BlockSource blocks;
  private final P2pNode p2p;
  private final Executor executor;
  private final int chunkSize;
  private final int maxPending;
  private final ConcurrentHashMap<NodeId, PeerRequests> peers = new ConcurrentHashMap<>();

  FocusServer(FocusSource focus, BlockSource blocks, P2pNode p2p, Executor executor, int chunkSize,
      int maxPending) {
    this.focus = focus;
    this.blocks = blocks;
    this.p2p = p2p;
    this.executor = executor;
    this.chunkSize = chunkSize;
    this.maxPending = maxPending;
  }

  void onRequest(NodeId from, long height, int chunk) throws PeerMisbehaviourException {
    if (height < 0 || chunk < 0 || (height == 0 && chunk != 0)) {
      throw new PeerMisbehaviourException("block sync: focus request for height " + height
          + " chunk " + Integer.toUnsignedString(chunk));
    }
    PeerRequests peer = peers.computeIfAbsent(from, id -> new PeerRequests());
    if (peer.waiting.incrementAndGet() > maxPending) {
      peer.waiting.decrementAndGet();
      throw new PeerMisbehaviourException(
          "block sync: more than " + maxPending + " focus requests waiting");
    }
    executor.execute(() -> {
      try {
        answer(from, peer, height, chunk);
      } finally {
        peer.waiting.decrementAndGet();
      }
    });
  }

  void peerDisconnected(NodeId id) {
    peers.remove(id);
  }

  private void answer(NodeId to, PeerRequests peer, long height, int chunk) {
    if (peer.banned) {
      return;
    }
    Optional<ServedFocus> s = focus == null ? Optional.empty()
        : height == 0 ? focus.newest() : focus.at(height);
    byte[] message;
    if (s.isEmpty()) {
      message = SyncMessages.noFocus(height);
    } else {
      ServedFocus snapshot = s.get();
      int chunks = Math.max(1, (snapshot.particles() + chunkSize - 1) / chunkSize);
      if (chunk >= chunks) {
        // it knows the number of chunks from chunk 0: a protocol violation
        LOG.warn("block sync: peer {} asked for chunk {} of the focus of {}, which has {}; "
            + "banned", to, chunk, snapshot.height(), chunks);
        peer.banned = true;
        p2p.ban(to, "block sync: asked for focus chunk " + chunk + " of " + chunks);
        return;
      }
      if (!peer.chunks.take(FOCI_PER_CONNECTION * chunks)) {
        peer.banned = true;
        p2p.ban(to, "block sync: asked for more than " + FOCI_PER_CONNECTION + " foci ("
            + FOCI_PER_CONNECTION * chunks + " chunks of " + chunks + ") on one connection"
            + " within 10 minutes");
        return;
      }
      FocusChunk.Builder b = FocusChunk.newBuilder()
          .setHeight(snapshot.height())
          .setChunk(chunk)
          .setChunks(chunks)
          .setParticles(snapshot.particles())
          .setChunkSize(chunkSize);
      int from = chunk * chunkSize;
      int to2 = Math.min(snapshot.particles(), from + chunkSize);
      long[] values = snapshot.values(from, to2);
      String[] cids = snapshot.cids(from, to2);
      for (int i = 0; i < values.length; i++) {
        b.addValues(values[i]);
        b.addCids(cids[i]);
      }
      if (chunk == 0 && !committingHeader(b, snapshot.height() + focus.lag())) {
        message = SyncMessages.noFocus(height);
      } else {
        message = SyncMessages.focusChunk(b.build());
      }
    }
    try {
      if (!p2p.send(to, Channel.CHANNEL_BLOCKSYNC, message)) {
        LOG.debug("block sync: focus answer for height {} to {} not queued", height, to);
      }
    } catch (IllegalArgumentException e) {
      LOG.error("block sync: cannot send focus chunk {} of height {} to {}: {}", chunk, height,
          to, e.getMessage());
    }
  }

  /** Adds the header of {@code height} and its commit; false if this node does not store them. */
  private boolean committingHeader(FocusChunk.Builder b, long height) {
    Optional<byte[]> block = blocks.block(height);
    Optional<byte[]> commit = block.isPresent() ? blocks.commit(height) : Optional.empty();
    if (commit.isEmpty()) {
      return false;
    }
    try {
      b.setHeader(Block.parseFrom(block.get()).getHeader());
      b.setCommit(Commit.parseFrom(commit.get()));
      return true;
    } catch (InvalidProtocolBufferException e) {
      LOG.error("block sync: stored block or commit {} does not parse: {}", height, e.getMessage());
      return false;
    }
  }
}
