package io.cybergraph.node.gossip;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.p2p.NodeId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Gossip state of one connected peer: the tx hashes it has (it sent them to us, or we sent them
 * to it), the txs waiting to be sent to it, and how many invalid txs it sent. Thread-safe.
 */
final class PeerTxs {
  final NodeId id;
  private final KnownTxs known;
  private final int outboxLimit;
  private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
  private int invalid;
  private long dropped;

  PeerTxs(NodeId id, GossipConfig config) {
    this.id = id;
    this.known = new KnownTxs(config.knownPerPeer());
    this.outboxLimit = config.outboxPerPeer();
  }

  /**
   * The peer sent us this tx: it has it.
   *
   * @return false if it was known to have it already (it sent it before, or we sent it to it)
   */
  synchronized boolean received(ByteKey hash) {
    return known.add(hash);
  }

  /**
   * Undoes {@link #received} for a tx this node dropped unchecked (its admission queue, or the
   * peer's share of it, was full): the peer's next copy is taken, not skipped as one it sent
   * before. At worst the tx is later sent back to it once.
   */
  synchronized void dropped(ByteKey hash) {
    known.remove(hash);
  }

  /** Queues a tx for the peer unless it has it; returns whether it was queued. */
  synchronized boolean offer(ByteKey hash, byte[] raw) {
    if (known.contains(hash)) {
      return false;
    }
    if (outbox.size() >= outboxLimit) {
      dropped++;
      return false;
    }
    known.add(hash);
    outbox.add(raw);
    return true;
  }

  /** Takes the next batch (at least one tx if any wait). */
  synchronized List<byte[]> takeBatch(int maxTxs, int maxBytes) {
    List<byte[]> batch = new ArrayList<>();
    int bytes = 0;
    while (!outbox.isEmpty() && batch.size() < maxTxs) {
      byte[] next = outbox.peek();
      if (!batch.isEmpty() && bytes + next.length > maxBytes) {
        break;
      }
      batch.add(outbox.poll());
      bytes += next.length;
    }
    return batch;
  }

  /** Puts a batch that could not be sent back at the front. */
  synchronized void putBack(List<byte[]> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      outbox.addFirst(batch.get(i));
    }
  }

  synchronized boolean hasOutgoing() {
    return !outbox.isEmpty();
  }

  /** Counts an invalid tx; returns the count so far. */
  synchronized int invalid() {
    return ++invalid;
  }

  synchronized long dropped() {
    return dropped;
  }
}
