package io.cybergraph.p2p.peer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.p2p.Direction;
import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.P2pConfig;
import io.cybergraph.p2p.PeerMisbehaviourException;
import io.cybergraph.p2p.channel.ControlMessages;
import io.cybergraph.p2p.channel.HandshakeRules;
import io.cybergraph.p2p.transport.NodeCertificate;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.ControlMessage;
import io.cybergraph.proto.pb.DisconnectReason;
import io.cybergraph.proto.pb.Envelope;
import io.cybergraph.proto.pb.Handshake;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one connection through its life: TLS (who is it?), handshake (same chain?), then
 * established (route messages, keep alive), and decides how it ends: a plain close, or a close
 * with a ban when the peer broke the protocol.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

  static final String NAME = "connection";

  private enum State {
    TLS,
    HANDSHAKE,
    ESTABLISHED
  }

  private final Peer peer;
  private final PeerContext context;
  private final P2pConfig config;
  private State state = State.TLS;
  private ScheduledFuture<?> handshakeTimer;
  private long heightInOurHandshake;

  ConnectionHandler(Peer peer, PeerContext context) {
    this.peer = peer;
    this.context = context;
    this.config = context.config();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Duration timeout = config.handshakeTimeout();
    handshakeTimer =
        ctx.executor()
            .schedule(
                () -> peer.close(null, "no handshake within " + timeout, false),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelHandshakeTimer();
    peer.closed();
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent tls) {
      onTlsCompleted(ctx, tls);
    } else if (event instanceof IdleStateEvent idle) {
      onIdle(idle);
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  private void onTlsCompleted(ChannelHandlerContext ctx, SslHandshakeCompletionEvent event) {
    if (peer.isClosing()) {
      return;
    }
    if (!event.isSuccess()) {
      peer.close(null, "TLS handshake failed: " + Errors.describe(event.cause()), false);
      return;
    }
    NodeId remote;
    try {
      remote = NodeCertificate.peerId(ctx.pipeline().get(SslHandler.class).engine().getSession());
    } catch (SSLPeerUnverifiedException e) {
      peer.close(null, "peer not authenticated: " + e.getMessage(), false);
      return;
    }
    peer.tlsCompleted(remote);
    if (remote.equals(context.self())) {
      peer.close(DisconnectReason.DISCONNECT_REASON_SELF, "connected to itself", false);
      return;
    }
    if (peer.direction() == Direction.OUTBOUND && !remote.equals(peer.dialledId())) {
      peer.close(null, "peer key does not match the dialled id " + peer.dialledId()
          + " (the key's id is " + remote + ")", false);
      return;
    }
    Duration banned = context.bans().remaining(remote);
    if (!banned.isZero()) {
      peer.close(DisconnectReason.DISCONNECT_REASON_BANNED,
          "banned for another " + banned.toSeconds() + " s", false);
      return;
    }
    state = State.HANDSHAKE;
    heightInOurHandshake = context.localHeight().get();
    Handshake ours =
        context.handshakeRules()
            .ours(heightInOurHandshake, config.moniker(), config.externalAddress());
    peer.sendControl(ControlMessages.handshake(ours));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Envelope envelope = (Envelope) msg;
    if (peer.isClosing()) {
      return; // frames already decoded when the close began
    }
    try {
      switch (state) {
        case TLS -> peer.close(null, "data before the TLS handshake completed", false);
        case HANDSHAKE -> onHandshakeMessage(ctx, envelope);
        case ESTABLISHED -> onMessage(envelope);
        default -> throw new IllegalStateException(state.name());
      }
    } catch (PeerMisbehaviourException e) {
      misbehaved(e.getMessage());
    }
  }

  private void onHandshakeMessage(ChannelHandlerContext ctx, Envelope envelope)
      throws PeerMisbehaviourException {
    if (envelope.getChannel() == Channel.CHANNEL_CONTROL) {
      ControlMessage control = parseControl(envelope);
      if (control.hasDisconnect()) {
        peer.close(null, "refused by the peer: " + describe(control), false);
        return;
      }
      throw new PeerMisbehaviourException("control message before the handshake");
    }
    if (envelope.getChannel() != Channel.CHANNEL_HANDSHAKE) {
      throw new PeerMisbehaviourException(
          "expected a handshake, got a message on channel " + envelope.getChannelValue());
    }
    Handshake theirs;
    try {
      theirs = Handshake.parseFrom(envelope.getPayload());
    } catch (InvalidProtocolBufferException e) {
      throw new PeerMisbehaviourException("malformed handshake: " + e.getMessage());
    }
    HandshakeRules.Refusal refusal = context.handshakeRules().check(theirs);
    if (refusal != null) {
      peer.close(
          refusal.reason(), "incompatible peer: " + refusal.detail(), refusal.misbehaviour());
      return;
    }
    peer.handshakeReceived(theirs);
    cancelHandshakeTimer();
    switch (context.peers().register(peer)) {
      case JOINED -> {
        state = State.ESTABLISHED;
        // a height set since our handshake went out did not reach this peer (it was not in
        // the peer set yet): send it now
        long height = context.localHeight().get();
        if (height != heightInOurHandshake) {
          peer.send(ControlMessages.status(height));
        }
        ctx.pipeline()
            .addBefore(NAME, "idle",
                new IdleStateHandler(
                    config.idleTimeout().toMillis(),
                    config.pingInterval().toMillis(),
                    0,
                    TimeUnit.MILLISECONDS));
      }
      case DUPLICATE -> peer.close(DisconnectReason.DISCONNECT_REASON_DUPLICATE,
          "already connected to " + peer.id(), false);
      case BANNED -> peer.close(DisconnectReason.DISCONNECT_REASON_BANNED,
          "banned for another " + context.bans().remaining(peer.id()).toSeconds() + " s", false);
      case CLOSING -> { } // closed meanwhile, e.g. by stop()
      default -> throw new IllegalStateException();
    }
  }

  private void onMessage(Envelope envelope) throws PeerMisbehaviourException {
    Channel channel = envelope.getChannel();
    switch (channel) {
      case CHANNEL_CONTROL -> onControl(parseControl(envelope));
      case CHANNEL_HANDSHAKE -> throw new PeerMisbehaviourException("a second handshake");
      case UNRECOGNIZED -> throw new PeerMisbehaviourException(
          "unknown channel " + envelope.getChannelValue());
      default -> dispatch(channel, envelope);
    }
  }

  private void dispatch(Channel channel, Envelope envelope) throws PeerMisbehaviourException {
    if (!peer.isInPeerSet()) {
      return; // replaced by another connection to the same node, which now carries its messages
    }
    try {
      if (!context.router().dispatch(peer.id(), channel, envelope.getPayload().toByteArray())) {
        log.debug("dropping a {} message from peer {}: no handler", channel, peer.id());
      }
    } catch (InvalidProtocolBufferException e) {
      throw new PeerMisbehaviourException(
          "malformed " + channel + " message: " + e.getMessage());
    } catch (RuntimeException e) {
      // a fault of our own handler, not of the peer: keep the connection, show the trace
      log.warn("{} handler failed on a message from peer {}", channel, peer.id(), e);
    }
  }

  private void onControl(ControlMessage control) throws PeerMisbehaviourException {
    switch (control.getSumCase()) {
      case PING -> peer.sendControl(ControlMessages.pong(control.getPing().getNonce()));
      case PONG -> { } // any frame resets the idle timer; nothing else to do
      case STATUS -> {
        long height = control.getStatus().getHeight();
        if (height < 0) {
          throw new PeerMisbehaviourException("negative height " + height + " in status");
        }
        peer.reportHeight(height);
      }
      case DISCONNECT -> peer.close(null, "closed by the peer: " + describe(control), false);
      default -> throw new PeerMisbehaviourException("empty control message");
    }
  }

  private void onIdle(IdleStateEvent event) {
    if (event.state() == IdleState.READER_IDLE) {
      peer.close(null, "silent for " + config.idleTimeout(), false);
    } else if (event.state() == IdleState.WRITER_IDLE) {
      peer.sendControl(ControlMessages.ping(ThreadLocalRandom.current().nextLong()));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (peer.isClosing()) {
      return;
    }
    if (cause instanceof PeerMisbehaviourException) {
      misbehaved(cause.getMessage());
    } else if (cause instanceof TooLongFrameException) {
      misbehaved("oversized frame: " + cause.getMessage());
    } else if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
      peer.close(null, "TLS error: " + Errors.describe(cause), false);
    } else if (cause instanceof DecoderException) {
      misbehaved("malformed frame: " + Errors.describe(cause));
    } else if (cause instanceof SSLException || cause instanceof IOException) {
      peer.close(null, Errors.describe(cause), false);
    } else {
      log.warn("connection {} failed unexpectedly", peer.label(), cause);
      peer.close(null, "internal error: " + cause, false);
    }
  }

  private void misbehaved(String reason) {
    // a peer is only known, and so only bannable, once TLS has completed; before that no
    // application frame can arrive
    peer.close(DisconnectReason.DISCONNECT_REASON_PROTOCOL_VIOLATION, reason, true);
  }

  private static ControlMessage parseControl(Envelope envelope) throws PeerMisbehaviourException {
    try {
      ControlMessage control = ControlMessage.parseFrom(envelope.getPayload());
      if (!control.getUnknownFields().asMap().isEmpty()) {
        throw new PeerMisbehaviourException("control message with unknown fields");
      }
      return control;
    } catch (InvalidProtocolBufferException e) {
      throw new PeerMisbehaviourException("malformed control message: " + e.getMessage());
    }
  }

  private static String describe(ControlMessage control) {
    String detail = control.getDisconnect().getDetail();
    return control.getDisconnect().getReason() + (detail.isEmpty() ? "" : ": " + detail);
  }

  private void cancelHandshakeTimer() {
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
  }
}
