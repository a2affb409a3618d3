package io.cybergraph.node.net;

import io.cybergraph.node.config.ConfigException;
import io.cybergraph.node.config.HostPort;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.p2p.P2pConfig;
import io.cybergraph.p2p.PeerAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps {@code config.toml}'s {@code [p2p]} section (and the moniker) onto the p2p layer's
 * {@link P2pConfig}. Keep-alive timings and I/O threads are not in the file and keep the p2p
 * defaults.
 */
public final class P2pSettings {
  private P2pSettings() {}

  /**
   * The p2p config of {@code config}.
   *
   * @throws ConfigException naming the key when a value is refused by the p2p layer
   */
  public static P2pConfig from(NodeConfig config) {
    NodeConfig.P2pSection p = config.p2p;
    HostPort listen = parse(p.laddr, "p2p.laddr");
    List<PeerAddress> peers = new ArrayList<>();
    for (String peer : p.persistentPeerList()) {
      try {
        peers.add(PeerAddress.parse(peer));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("config.toml: p2p.persistent_peers: " + e.getMessage());
      }
    }
    try {
      return P2pConfig.builder()
          .listenAddress(new InetSocketAddress(listen.host(), listen.port()))
          .externalAddress(p.externalAddress)
          .moniker(config.moniker)
          .persistentPeers(peers)
          .maxInbound(p.maxInbound)
          .maxInboundPerAddress(p.maxInboundPerIp)
          .maxOutbound(p.maxOutbound)
          .sendQueueSize(p.sendQueueSize)
          .maxFrameBytes(p.maxFrameBytes)
          .handshakeTimeout(Duration.ofMillis(p.handshakeTimeoutMs))
          .dialTimeout(Duration.ofMillis(p.dialTimeoutMs))
          .backoffMin(Duration.ofMillis(p.backoffMinMs))
          .backoffMax(Duration.ofMillis(p.backoffMaxMs))
          // ban_seconds = 0 means "do not ban": the p2p layer needs a positive time
          .banDuration(p.banSeconds == 0 ? Duration.ofMillis(1) : Duration.ofSeconds(p.banSeconds))
          .maxMessagesPerSecond(p.maxMessagesPerSecond)
          .maxBytesPerSecond(p.maxBytesPerSecond)
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config.toml: [p2p]: " + e.getMessage());
    }
  }

  private static HostPort parse(String value, String key) {
    try {
      return HostPort.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config.toml: " + key + ": " + e.getMessage());
    }
  }
}
