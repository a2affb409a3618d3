package io.cybergraph.p2p.peer;

import io.cybergraph.p2p.Direction;
import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.P2pConfig;
import io.cybergraph.p2p.PeerInfo;
import io.cybergraph.p2p.transport.EnvelopeDecoder;
import io.cybergraph.p2p.transport.Frames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the pipeline of a new connection: TLS, length-prefixed frames, the flood guard, the
 * Envelope decoder and the connection's handler. Refuses inbound connections beyond the limit
 * before any TLS work.
 */
public final class ConnectionInitializer extends ChannelInitializer<Channel> {

  private static final Logger log = LoggerFactory.getLogger(ConnectionInitializer.class);

  /** How long a close waits to deliver TLS close_notify to a peer that does not read. */
  private static final long CLOSE_NOTIFY_MILLIS = 500;

  private final PeerContext context;
  private final Direction direction;
  private final NodeId dialledId;
  private final CompletableFuture<PeerInfo> established;

  private ConnectionInitializer(
      PeerContext context,
      Direction direction,
      NodeId dialledId,
      CompletableFuture<PeerInfo> established) {
    this.context = context;
    this.direction = direction;
    this.dialledId = dialledId;
    this.established = established;
  }

  /** For the server socket: every accepted connection. */
  public static ConnectionInitializer inbound(PeerContext context) {
    return new ConnectionInitializer(context, Direction.INBOUND, null, null);
  }

  /** For one dial; {@code established} completes when the handshake does, or fails with why not. */
  public static ConnectionInitializer outbound(
      PeerContext context, NodeId dialledId, CompletableFuture<PeerInfo> established) {
    return new ConnectionInitializer(context, Direction.OUTBOUND, dialledId, established);
  }

  /** False (and the connection closed, before any TLS work) if no inbound slot is free for it. */
  private boolean takeInboundSlot(Channel channel) {
    InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
    InboundSlots slots = context.inboundSlots();
    InboundSlots.Verdict verdict = slots.take(remote.getAddress());
    if (verdict == InboundSlots.Verdict.TAKEN) {
      channel.closeFuture().addListener(f -> slots.release(remote.getAddress()));
      return true;
    }
    if (context.refusedInbound().admit(remote.getAddress(), channel.eventLoop())) {
      P2pConfig config = context.config();
      log.info("refusing inbound connection from {}: {}", remote,
          verdict == InboundSlots.Verdict.ADDRESS_FULL
              ? config.maxInboundPerAddress() + " inbound connections from that address already"
                  + " (p2p.max_inbound_per_ip)"
              : "limit of " + config.maxInbound() + " inbound connections reached"
                  + " (p2p.max_inbound)");
    }
    channel.close();
    return false;
  }

  @Override
  protected void initChannel(Channel channel) {
    P2pConfig config = context.config();
    if (direction == Direction.INBOUND && !takeInboundSlot(channel)) {
      return;
    }
    context.channels().add(channel);
    Peer peer = new Peer(channel, direction, dialledId, context,
        established != null ? established : new CompletableFuture<>());
    SslHandler tls =
        (direction == Direction.INBOUND ? context.tls().server() : context.tls().client())
            .newHandler(channel.alloc());
    tls.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
    tls.setCloseNotifyFlushTimeoutMillis(CLOSE_NOTIFY_MILLIS);
    channel.config().setWriteBufferWaterMark(SendBacklog.waterMark(config.maxFrameBytes()));
    ChannelPipeline pipeline = channel.pipeline();
    ReadPause pause = new ReadPause(peer, channel);
    pipeline.addLast("backlog", new SendBacklog(peer, pause, config.idleTimeout()));
    pipeline.addLast("tls", tls);
    Frames.addCodec(pipeline, config.maxFrameBytes());
    pipeline.addLast("flood-guard",
        new FloodGuard(peer, pause, config.maxMessagesPerSecond(), config.maxBytesPerSecond(),
            context.nanoClock()));
    pipeline.addLast("envelope-decoder", new EnvelopeDecoder());
    pipeline.addLast(ConnectionHandler.NAME, new ConnectionHandler(peer, context));
  }
}
