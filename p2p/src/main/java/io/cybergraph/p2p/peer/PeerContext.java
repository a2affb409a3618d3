package io.cybergraph.p2p.peer;

import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.P2pConfig;
import io.cybergraph.p2p.channel.ChannelRouter;
import io.cybergraph.p2p.channel.HandshakeRules;
import io.cybergraph.p2p.transport.TlsContexts;
import io.cybergraph.proto.LogThrottle;
import io.netty.channel.group.ChannelGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every connection of one node shares: its config and identity, the peer set, the ban
 * list, the channel handlers, TLS, and the counters behind the connection limits.
 */
public final class PeerContext {

  private static final Logger log = LoggerFactory.getLogger(Peer.class);

  static final Duration LOG_WINDOW = Duration.ofSeconds(10);

  private final P2pConfig config;
  private final NodeId self;
  private final HandshakeRules handshakeRules;
  private final TlsContexts tls;
  private final PeerSet peers;
  private final BanList bans;
  private final ChannelRouter router;
  private final ChannelGroup channels;
  private final LongSupplier nanoClock;
  private final AtomicLong localHeight = new AtomicLong();
  private final InboundSlots inboundSlots;
  /**
   * Inbound connections that end before TLS completes (port scanners, junk, silence) are logged
   * through this: a flood of them is one line, then a summary per window, not a line each.
   */
  private final LogThrottle failedBeforeTls =
      new LogThrottle(LOG_WINDOW,
          s -> log.info("closed {} inbound connections from {} before TLS completed in the last {} s",
              s.events(), s.sources() == 1 ? "1 address" : s.sources() + " addresses",
              LOG_WINDOW.toSeconds()));
  /** Inbound connections refused for want of a slot: the first logged, then a summary. */
  private final LogThrottle refusedInbound =
      new LogThrottle(LOG_WINDOW,
          s -> log.info("refused {} inbound connections from {} in the last {} s: no free slot",
              s.events(), s.sources() == 1 ? "1 address" : s.sources() + " addresses",
              LOG_WINDOW.toSeconds()));

  public PeerContext(
      P2pConfig config,
      NodeId self,
      HandshakeRules handshakeRules,
      TlsContexts tls,
      PeerSet peers,
      BanList bans,
      ChannelRouter router,
      ChannelGroup channels,
      LongSupplier nanoClock) {
    this.config = config;
    this.self = self;
    this.handshakeRules = handshakeRules;
    this.tls = tls;
    this.peers = peers;
    this.bans = bans;
    this.router = router;
    this.channels = channels;
    this.nanoClock = nanoClock;
    this.inboundSlots = new InboundSlots(config.maxInbound(), config.maxInboundPerAddress());
  }

  public P2pConfig config() {
    return config;
  }

  public NodeId self() {
    return self;
  }

  public HandshakeRules handshakeRules() {
    return handshakeRules;
  }

  public TlsContexts tls() {
    return tls;
  }

  public PeerSet peers() {
    return peers;
  }

  public BanList bans() {
    return bans;
  }

  public ChannelRouter router() {
    return router;
  }

  /** Every open socket of the node, for closing them all at stop. */
  public ChannelGroup channels() {
    return channels;
  }

  public LongSupplier nanoClock() {
    return nanoClock;
  }

  public AtomicLong localHeight() {
    return localHeight;
  }

  /** See {@link #failedBeforeTls}. */
  LogThrottle failedBeforeTls() {
    return failedBeforeTls;
  }

  InboundSlots inboundSlots() {
    return inboundSlots;
  }

  /** See {@link #refusedInbound}. */
  LogThrottle refusedInbound() {
    return refusedInbound;
  }
}
