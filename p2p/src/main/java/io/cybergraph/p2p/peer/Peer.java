package io.cybergraph.p2p.peer;

import io.cybergraph.p2p.Direction;
import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.PeerInfo;
import io.cybergraph.p2p.PeerRefusedException;
import io.cybergraph.p2p.channel.ControlMessages;
import io.cybergraph.proto.pb.DisconnectReason;
import io.cybergraph.proto.pb.Handshake;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to another node, from the TCP connect to the close: who it is (known once TLS
 * completes), what it reported in its handshake, its send queue and its counters.
 *
 * <p>The send queue is Netty's outbound buffer, bounded here by counting the messages written
 * but not yet handed to the socket, and by their bytes (four frames): past either a send is
 * refused. {@link SendBacklog} stops reading from a peer that does not read.
 */
public final class Peer {

  private static final Logger log = LoggerFactory.getLogger(Peer.class);

  private final Channel channel;
  private final Direction direction;
  private final NodeId dialledId;
  private final PeerContext context;
  private final CompletableFuture<PeerInfo> established;

  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final AtomicLong droppedSends = new AtomicLong();
  private final AtomicLong reportedHeight = new AtomicLong();
  private final AtomicBoolean closing = new AtomicBoolean();

  private volatile NodeId id;
  private volatile boolean tlsDone;
  private volatile boolean inPeerSet;
  private volatile String moniker = "";
  private volatile String listenAddress = "";
  private volatile Instant connectedSince;
  private volatile String closeReason = "connection closed";
  private volatile Duration bannedFor = Duration.ZERO;

  Peer(
      Channel channel,
      Direction direction,
      NodeId dialledId,
      PeerContext context,
      CompletableFuture<PeerInfo> established) {
    this.channel = channel;
    this.direction = direction;
    this.dialledId = dialledId;
    this.context = context;
    this.established = established;
  }

  /** The node ID, or {@code null} before TLS has completed. */
  public NodeId id() {
    return id;
  }

  public Direction direction() {
    return direction;
  }

  /** The ID this node dialled, or {@code null} for an inbound connection. */
  NodeId dialledId() {
    return dialledId;
  }

  /** The node that opened the connection; with the ID of both ends it decides duplicates. */
  NodeId dialer() {
    return direction == Direction.OUTBOUND ? context.self() : id;
  }

  /**
   * Queues one encoded Envelope for sending.
   *
   * @return false, sending nothing, if the send queue is full or the connection is closing
   */
  public boolean send(byte[] envelope) {
    if (closing.get()) {
      return false;
    }
    if (pendingBytes() > 4L * context.config().maxFrameBytes()) {
      droppedSends.incrementAndGet(); // the peer does not keep up (see SendBacklog)
      return false;
    }
    if (queued.incrementAndGet() > context.config().sendQueueSize()) {
      queued.decrementAndGet();
      droppedSends.incrementAndGet();
      return false;
    }
    write(envelope).addListener(f -> queued.decrementAndGet());
    return true;
  }

  /**
   * Sends one of the p2p layer's own small messages, outside the send queue bound; not while
   * the peer does not read (a pong per ping would grow the backlog).
   */
  void sendControl(byte[] envelope) {
    if (!closing.get() && channel.isWritable()) {
      write(envelope);
    }
  }

  /** Bytes written to the connection and not yet handed to the socket. */
  private long pendingBytes() {
    io.netty.channel.ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    return out == null ? 0 : out.totalPendingWriteBytes();
  }

  private io.netty.channel.ChannelFuture write(byte[] envelope) {
    int frameBytes = envelope.length + io.cybergraph.p2p.transport.Frames.PREFIX_BYTES;
    return channel
        .writeAndFlush(Unpooled.wrappedBuffer(envelope))
        .addListener(f -> {
          if (f.isSuccess()) {
            bytesOut.addAndGet(frameBytes);
          }
        });
  }

  /**
   * Closes the connection once; later calls do nothing. Runs on the connection's I/O thread
   * (hopping onto it if called from elsewhere), where the peer leaves the peer set: no message
   * of this connection is handled after its
   * {@link io.cybergraph.p2p.PeerListener#peerDisconnected}.
   *
   * @param reason told to the other side in a Disconnect message, if not null and TLS is up
   * @param detail why, for both logs
   * @param ban whether to ban the node for the configured time
   */
  public void close(DisconnectReason reason, String detail, boolean ban) {
    if (channel.eventLoop().inEventLoop()) {
      closeNow(reason, detail, ban);
    } else {
      channel.eventLoop().execute(() -> closeNow(reason, detail, ban));
    }
  }

  /** Completes when the socket has closed. */
  public io.netty.channel.ChannelFuture closeFuture() {
    return channel.closeFuture();
  }

  private void closeNow(DisconnectReason reason, String detail, boolean ban) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closeReason = detail;
    if (ban && id != null) {
      bannedFor = context.config().banDuration();
      context.bans().ban(id, bannedFor);
    }
    context.peers().unregister(this, detail);
    channel.config().setAutoRead(false);
    if (reason != null && tlsDone && channel.isActive()) {
      channel.writeAndFlush(Unpooled.wrappedBuffer(ControlMessages.disconnect(reason, detail)));
    }
    channel.close();
  }

  /** Called once the socket has closed: logs it, leaves the peer set, settles a dial. */
  void closed() {
    closing.set(true);
    context.peers().unregister(this, closeReason);
    String ban = bannedFor.isZero() ? "" : " (banned for " + bannedFor + ")";
    if (connectedSince != null) {
      if (ban.isEmpty()) {
        log.info("peer {} disconnected: {}", label(), closeReason);
      } else {
        log.warn("peer {} disconnected: {}{}", label(), closeReason, ban);
      }
    } else if (ban.isEmpty()) {
      if (direction == Direction.OUTBOUND || tlsDone || context.failedBeforeTls()
          .admit(remoteHost(), channel.eventLoop())) {
        log.info("{} connection {} closed: {}", direction.name().toLowerCase(), label(),
            closeReason);
      }
    } else {
      log.warn("{} connection {} closed: {}{}", direction.name().toLowerCase(), label(),
          closeReason, ban);
    }
    established.completeExceptionally(new PeerRefusedException(closeReason));
  }

  boolean isClosing() {
    return closing.get();
  }

  /** Whether this connection is the one the peer set holds for its node (set by the set). */
  boolean isInPeerSet() {
    return inPeerSet;
  }

  void setInPeerSet(boolean value) {
    inPeerSet = value;
  }

  void tlsCompleted(NodeId peerId) {
    this.id = peerId;
    this.tlsDone = true;
  }

  void handshakeReceived(Handshake handshake) {
    moniker = handshake.getMoniker();
    listenAddress = handshake.getListenAddress();
    reportedHeight.set(handshake.getHeight());
  }

  /** The peer joined the peer set. */
  void connected() {
    connectedSince = Instant.now();
    established.complete(info());
  }

  void reportHeight(long height) {
    reportedHeight.set(height);
  }

  void countIn(int bytes) {
    bytesIn.addAndGet(bytes);
  }

  /** The peer's ID once known, else the remote socket address: for logs. */
  String label() {
    NodeId known = id;
    if (known != null) {
      return known + "@" + remoteText();
    }
    return dialledId != null ? dialledId + "?@" + remoteText() : remoteText();
  }

  Channel channel() {
    return channel;
  }

  private SocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  /** The remote IP address (or whatever the channel's address is), without the port. */
  private Object remoteHost() {
    SocketAddress remote = remoteAddress();
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : remote;
  }

  /** {@code host:port} of the other end, for logs. */
  private String remoteText() {
    SocketAddress remote = remoteAddress();
    if (remote instanceof InetSocketAddress inet) {
      return inet.getHostString() + ":" + inet.getPort();
    }
    return String.valueOf(remote);
  }

  public PeerInfo info() {
    SocketAddress remote = remoteAddress();
    return new PeerInfo(
        id,
        direction,
        remote instanceof InetSocketAddress inet ? inet : null,
        moniker,
        listenAddress,
        reportedHeight.get(),
        bytesIn.get(),
        bytesOut.get(),
        queued.get(),
        droppedSends.get(),
        connectedSince);
  }
}
