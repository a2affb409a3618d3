package io.cybergraph.node.gossip;

import java.time.Duration;

/**
 * Limits of transaction gossip.
 *
 * @param maxBatchTxs txs in one {@code MempoolMessage} sent at most
 * @param maxBatchBytes tx bytes in one {@code MempoolMessage} sent at most (a larger single tx
 *     goes alone)
 * @param flushDelay how long txs wait to be batched before they are sent
 * @param knownPerPeer tx hashes remembered per peer (that it sent us or we sent it)
 * @param outboxPerPeer txs waiting to be sent to one peer at most; beyond it new ones are not
 *     queued for that peer
 * @param admitQueue received txs waiting for mempool admission at most; beyond it they are
 *     dropped
 * @param maxTxsPerMessage txs one received message may carry; more is a protocol violation
 * @param maxInvalidTxs a peer that sends this many txs that no honest node would have admitted
 *     (bad encoding, signature, chain id, limits, CIDs) is banned
 */
public record GossipConfig(
    int maxBatchTxs,
    int maxBatchBytes,
    Duration flushDelay,
    int knownPerPeer,
    int outboxPerPeer,
    int admitQueue,
    int maxTxsPerMessage,
    int maxInvalidTxs) {

  public GossipConfig {
    if (maxBatchTxs < 1 || maxBatchBytes < 1 || knownPerPeer < 1 || outboxPerPeer < 1
        || admitQueue < 1 || maxTxsPerMessage < maxBatchTxs || maxInvalidTxs < 1
        || flushDelay.isNegative()) {
      throw new IllegalArgumentException("gossip config out of range: " + this);
    }
  }

  /** 500 txs or 1 MiB per message, 2 ms batching, 20,000 hashes and txs per peer, ban at 10. */
  public static GossipConfig defaults() {
    return new GossipConfig(500, 1 << 20, Duration.ofMillis(2), 20_000, 20_000, 20_000, 2_000, 10);
  }

  public GossipConfig withFlushDelay(Duration delay) {
    return new GossipConfig(maxBatchTxs, maxBatchBytes, delay, knownPerPeer, outboxPerPeer,
        admitQueue, maxTxsPerMessage, maxInvalidTxs);
  }

  public GossipConfig withMaxInvalidTxs(int max) {
    return new GossipConfig(maxBatchTxs, maxBatchBytes, flushDelay, knownPerPeer, outboxPerPeer,
        admitQueue, maxTxsPerMessage, max);
  }
}
