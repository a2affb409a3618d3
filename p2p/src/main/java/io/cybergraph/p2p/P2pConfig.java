package io.cybergraph.p2p;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Everything the p2p layer can be told; the node maps {@code config.toml} onto it. Build one
 * with {@link #builder()}, which starts from the defaults below.
 *
 * @param listenAddress where to accept connections (port 0: any free port, see
 *     {@link P2pNode#listenPort()})
 * @param externalAddress {@code host:port} announced to peers in the handshake, or empty
 * @param moniker a human-readable name announced in the handshake
 * @param persistentPeers peers to stay connected to: dialled at start and redialled with
 *     exponential backoff whenever the connection drops
 * @param maxInbound connections accepted from others at once, counting those still in the
 *     handshake
 * @param maxInboundPerAddress inbound connections from one IP address (IPv6: one /64) at once,
 *     so that one host cannot take every inbound slot; 0 for no bound but {@code maxInbound}
 * @param maxOutbound connections opened by {@link P2pNode#dial} at once; persistent peers do not
 *     count
 * @param sendQueueSize messages waiting to be written to one peer; beyond it a send is refused
 * @param maxFrameBytes largest Envelope in bytes (without its 4-byte length prefix); a peer
 *     announcing a bigger frame is disconnected and banned
 * @param handshakeTimeout from the TCP connection to a completed handshake
 * @param dialTimeout for the TCP connect of a dial
 * @param backoffMin first delay before redialling a persistent peer
 * @param backoffMax largest delay between redials (the delay doubles after each failure)
 * @param banDuration how long a misbehaving peer is refused
 * @param maxMessagesPerSecond frames a peer may send per second (bursts of twice that allowed)
 * @param maxBytesPerSecond frame bytes a peer may send per second (bursts of twice that allowed)
 * @param pingInterval a ping is sent after this long without sending anything
 * @param idleTimeout a peer silent for this long is disconnected
 * @param ioThreads Netty event loop threads
 */
public record P2pConfig(
    InetSocketAddress listenAddress,
    String externalAddress,
    String moniker,
    List<PeerAddress> persistentPeers,
    int maxInbound,
    int maxInboundPerAddress,
    int maxOutbound,
    int sendQueueSize,
    int maxFrameBytes,
    Duration handshakeTimeout,
    Duration dialTimeout,
    Duration backoffMin,
    Duration backoffMax,
    Duration banDuration,
    int maxMessagesPerSecond,
    long maxBytesPerSecond,
    Duration pingInterval,
    Duration idleTimeout,
    int ioThreads) {

  /** The default p2p port. */
  public static final int DEFAULT_PORT = 26656;

  public P2pConfig {
    require(listenAddress != null, "listen address is missing");
    externalAddress = externalAddress == null ? "" : externalAddress;
    moniker = moniker == null ? "" : moniker;
    persistentPeers = List.copyOf(persistentPeers == null ? List.of() : persistentPeers);
    require(maxInbound >= 0, "max inbound peers must be >= 0, got " + maxInbound);
    require(maxInboundPerAddress >= 0,
        "max inbound per address must be >= 0 (0: no bound per address), got "
            + maxInboundPerAddress);
    require(maxOutbound >= 0, "max outbound peers must be >= 0, got " + maxOutbound);
    require(sendQueueSize > 0, "send queue size must be > 0, got " + sendQueueSize);
    require(maxFrameBytes >= 1024, "max frame bytes must be >= 1024, got " + maxFrameBytes);
    requirePositive(handshakeTimeout, "handshake timeout");
    requirePositive(dialTimeout, "dial timeout");
    requirePositive(backoffMin, "backoff min");
    requirePositive(backoffMax, "backoff max");
    require(backoffMin.compareTo(backoffMax) <= 0,
        "backoff min " + backoffMin + " exceeds backoff max " + backoffMax);
    requirePositive(banDuration, "ban duration");
    require(maxMessagesPerSecond > 0,
        "max messages per second must be > 0, got " + maxMessagesPerSecond);
    // a single largest frame must always fit in the byte budget
    require(maxBytesPerSecond >= maxFrameBytes + 4L,
        "max bytes per second (" + maxBytesPerSecond + ") must be at least the max frame size ("
            + maxFrameBytes + ") + 4");
    requirePositive(pingInterval, "ping interval");
    requirePositive(idleTimeout, "idle timeout");
    require(idleTimeout.compareTo(pingInterval) > 0,
        "idle timeout " + idleTimeout + " must exceed the ping interval " + pingInterval);
    require(ioThreads > 0, "io threads must be > 0, got " + ioThreads);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder()
        .listenAddress(listenAddress)
        .externalAddress(externalAddress)
        .moniker(moniker)
        .persistentPeers(persistentPeers)
        .maxInbound(maxInbound)
        .maxInboundPerAddress(maxInboundPerAddress)
        .maxOutbound(maxOutbound)
        .sendQueueSize(sendQueueSize)
        .maxFrameBytes(maxFrameBytes)
        .handshakeTimeout(handshakeTimeout)
        .dialTimeout(dialTimeout)
        .backoffMin(backoffMin)
        .backoffMax(backoffMax)
        .banDuration(banDuration)
        .maxMessagesPerSecond(maxMessagesPerSecond)
        .maxBytesPerSecond(maxBytesPerSecond)
        .pingInterval(pingInterval)
        .idleTimeout(idleTimeout)
        .ioThreads(ioThreads);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("p2p config: " + message);
    }
  }

  private static void requirePositive(Duration duration, String name) {
    require(duration != null && !duration.isNegative() && !duration.isZero(),
        name + " must be a positive duration, got " + duration);
  }

  /** Builds a {@link P2pConfig}; unset values keep their defaults. */
  public static final class Builder {
    private InetSocketAddress listenAddress = new InetSocketAddress("0.0.0.0", DEFAULT_PORT);
    private String externalAddress = "";
    private String moniker = "";
    private List<PeerAddress> persistentPeers = List.of();
    private int maxInbound = 40;
    private int maxInboundPerAddress = 8;
    private int maxOutbound = 10;
    private int sendQueueSize = 1024;
    private int maxFrameBytes = 4 * 1024 * 1024;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration dialTimeout = Duration.ofSeconds(3);
    private Duration backoffMin = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofSeconds(60);
    private Duration banDuration = Duration.ofMinutes(10);
    private int maxMessagesPerSecond = 2000;
    private long maxBytesPerSecond = 64L * 1024 * 1024;
    private Duration pingInterval = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(45);
    private int ioThreads = 2;

    private Builder() {}

    public Builder listenAddress(InetSocketAddress value) {
      listenAddress = value;
      return this;
    }

    /** Listen on {@code host:port}. */
    public Builder listen(String host, int port) {
      return listenAddress(new InetSocketAddress(host, port));
    }

    public Builder externalAddress(String value) {
      externalAddress = value;
      return this;
    }

    public Builder moniker(String value) {
      moniker = value;
      return this;
    }

    public Builder persistentPeers(List<PeerAddress> value) {
      persistentPeers = value;
      return this;
    }

    public Builder maxInbound(int value) {
      maxInbound = value;
      return this;
    }

    public Builder maxInboundPerAddress(int value) {
      maxInboundPerAddress = value;
      return this;
    }

    public Builder maxOutbound(int value) {
      maxOutbound = value;
      return this;
    }

    public Builder sendQueueSize(int value) {
      sendQueueSize = value;
      return this;
    }

    public Builder maxFrameBytes(int value) {
      maxFrameBytes = value;
      return this;
    }

    public Builder handshakeTimeout(Duration value) {
      handshakeTimeout = value;
      return this;
    }

    public Builder dialTimeout(Duration value) {
      dialTimeout = value;
      return this;
    }

    public Builder backoffMin(Duration value) {
      backoffMin = value;
      return this;
    }

    public Builder backoffMax(Duration value) {
      backoffMax = value;
      return this;
    }

    public Builder banDuration(Duration value) {
      banDuration = value;
      return this;
    }

    public Builder maxMessagesPerSecond(int value) {
      maxMessagesPerSecond = value;
      return this;
    }

    public Builder maxBytesPerSecond(long value) {
      maxBytesPerSecond = value;
      return this;
    }

    public Builder pingInterval(Duration value) {
      pingInterval = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      idleTimeout = value;
      return this;
    }

    public Builder ioThreads(int value) {
      ioThreads = value;
      return this;
    }

    public P2pConfig build() {
      return new P2pConfig(listenAddress, externalAddress, moniker, persistentPeers, maxInbound,
          maxInboundPerAddress, maxOutbound, sendQueueSize, maxFrameBytes, handshakeTimeout,
          dialTimeout, backoffMin, backoffMax, banDuration, maxMessagesPerSecond,
          maxBytesPerSecond, pingInterval, idleTimeout, ioThreads);
    }
  }
}
