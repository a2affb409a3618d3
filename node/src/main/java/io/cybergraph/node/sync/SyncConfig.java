package io.cybergraph.node.sync;

import java.time.Duration;

/**
 * Limits of block sync.
 *
 * @param windowBlocks heights requested ahead of the applied height at most
 * @param maxInFlightPerPeer requests waiting for one peer's answer at most
 * @param maxBufferedBytes bytes of received, not yet applied blocks at most (no new requests
 *     beyond it)
 * @param requestTimeout a request not answered in this time goes to another peer
 * @param maxTimeoutsPerPeer a peer that lets this many requests in a row time out is
 *     disconnected
 * @param tick how often the scheduler looks at peers' heights and timeouts when nothing arrives
 * @param verifyThreads threads checking commit signatures of received blocks ahead of execution
 * @param progressInterval how often progress is logged while catching up
 * @param maxServePending requests from one peer waiting to be answered at most; more is a
 *     protocol violation (an honest peer keeps {@code maxInFlightPerPeer} in flight)
 */
public record SyncConfig(
    int windowBlocks,
    int maxInFlightPerPeer,
    long maxBufferedBytes,
    Duration requestTimeout,
    int maxTimeoutsPerPeer,
    Duration tick,
    int verifyThreads,
    Duration progressInterval,
    int maxServePending) {

  public SyncConfig {
    require(windowBlocks > 0, "window blocks must be > 0");
    require(maxInFlightPerPeer > 0, "max in flight per peer must be > 0");
    require(maxBufferedBytes > 0, "max buffered bytes must be > 0");
    require(maxTimeoutsPerPeer > 0, "max timeouts per peer must be > 0");
    require(verifyThreads > 0, "verify threads must be > 0");
    require(maxServePending >= maxInFlightPerPeer, "max serve pending must be >= max in flight");
    require(!requestTimeout.isNegative() && !requestTimeout.isZero(), "request timeout must be > 0");
    require(!tick.isNegative() && !tick.isZero(), "tick must be > 0");
    require(!progressInterval.isNegative(), "progress interval must be >= 0");
  }

  /** 128 blocks ahead, 16 per peer, 64 MiB buffered, 10 s timeout, 2 verify threads. */
  public static SyncConfig defaults() {
    return new SyncConfig(128, 16, 64L << 20, Duration.ofSeconds(10), 3, Duration.ofMillis(20),
        Math.min(2, Runtime.getRuntime().availableProcessors()), Duration.ofSeconds(5), 64);
  }

  public SyncConfig withRequestTimeout(Duration timeout) {
    return new SyncConfig(windowBlocks, maxInFlightPerPeer, maxBufferedBytes, timeout,
        maxTimeoutsPerPeer, tick, verifyThreads, progressInterval, maxServePending);
  }

  public SyncConfig withProgressInterval(Duration interval) {
    return new SyncConfig(windowBlocks, maxInFlightPerPeer, maxBufferedBytes, requestTimeout,
        maxTimeoutsPerPeer, tick, verifyThreads, interval, maxServePending);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("sync config: " + message);
    }
  }
}
