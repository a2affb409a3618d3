package io.cybergraph.node.sync;

import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.p2p.PeerMisbehaviourException;
import io.cybergraph.proto.pb.Channel;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers peers' block sync requests from the node's stored blocks: a status (base and latest
 * height) and, per requested height, the block with the commit that finalised it, or "no
 * block". Store reads run on {@code executor}, never on a peer's I/O thread; a peer may have at
 * most {@code maxServePending} requests waiting, more is a protocol violation.
 */
final class BlockServer {
  private static final Logger LOG = LoggerFactory.getLogger(BlockServer.class);

  private final BlockSource source;
  private final P2pNode p2p;
  private final Executor executor;
  private final int maxPending;
  private final ConcurrentHashMap<NodeId, AtomicInteger> pending = new ConcurrentHashMap<>();

  BlockServer(BlockSource source, P2pNode p2p, Executor executor, int maxPending) {
    this.source = source;
    this.p2p = p2p;
    this.executor = executor;
    this.maxPending = maxPending;
  }

  void onStatusRequest(NodeId from) {
    p2p.send(from, Channel.CHANNEL_BLOCKSYNC,
        SyncMessages.statusResponse(source.base(), source.height()));
  }

  void onBlockRequest(NodeId from, long height) throws PeerMisbehaviourException {
    if (height < 1) {
      throw new PeerMisbehaviourException("block sync: request for block " + height);
    }
    AtomicInteger waiting = pending.computeIfAbsent(from, id -> new AtomicInteger());
    if (waiting.incrementAndGet() > maxPending) {
      waiting.decrementAndGet();
      throw new PeerMisbehaviourException(
          "block sync: more than " + maxPending + " block requests waiting");
    }
    executor.execute(() -> {
      try {
        answer(from, height);
      } finally {
        waiting.decrementAndGet();
      }
    });
  }

  void peerDisconnected(NodeId id) {
    pending.remove(id);
  }

  private void answer(NodeId to, long height) {
    byte[] message;
    Optional<byte[]> block = height <= source.height() ? source.block(height) : Optional.empty();
    Optional<byte[]> commit = block.isPresent() ? source.commit(height) : Optional.empty();
    if (commit.isPresent()) {
      message = SyncMessages.blockResponse(block.get(), commit.get());
    } else {
      message = SyncMessages.noBlock(height);
    }
    try {
      if (!p2p.send(to, Channel.CHANNEL_BLOCKSYNC, message)) {
        LOG.debug("block sync: answer for block {} to {} not queued", height, to);
      }
    } catch (IllegalArgumentException e) {
      LOG.error("block sync: cannot send block {} to {}: {}", height, to, e.getMessage());
    }
  }
}
