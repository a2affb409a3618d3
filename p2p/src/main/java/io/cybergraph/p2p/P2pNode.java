package io.cybergraph.p2p;

import io.cybergraph.p2p.channel.ChannelRouter;
import io.cybergraph.p2p.channel.ControlMessages;
import io.cybergraph.p2p.channel.HandshakeRules;
import io.cybergraph.p2p.peer.BanList;
import io.cybergraph.p2p.peer.ConnectionInitializer;
import io.cybergraph.p2p.peer.Dialer;
import io.cybergraph.p2p.peer.Peer;
import io.cybergraph.p2p.peer.PeerContext;
import io.cybergraph.p2p.peer.PeerSet;
import io.cybergraph.p2p.transport.EventLoops;
import io.cybergraph.p2p.transport.Frames;
import io.cybergraph.p2p.transport.NodeCertificate;
import io.cybergraph.p2p.transport.TlsContexts;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.DisconnectReason;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's presence on the peer-to-peer network: it listens for and dials authenticated,
 * encrypted connections to other nodes of the same chain, and carries application messages
 * between them on channels (mempool, block sync, consensus, evidence).
 *
 * <p>Life: construct, set handlers and listeners, {@link #start()}, then {@link #stop()} (or
 * close). All methods are thread-safe. See {@code docs/p2p.md}.
 */
public final class P2pNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(P2pNode.class);
  private static final long STOP_TIMEOUT_MILLIS = 3000;

  private final P2pConfig config;
  private final NodeKey key;
  private final PeerSet peers;
  private final BanList bans;
  private final ChannelRouter router = new ChannelRouter();
  private final DefaultChannelGroup channels =
      new DefaultChannelGroup("p2p", GlobalEventExecutor.INSTANCE);
  private final PeerContext context;

  private EventLoops loops;
  private Dialer dialer;
  private io.netty.channel.Channel server;
  private volatile boolean started;
  private volatile boolean stopped;

  /**
   * @param config network settings
   * @param key this node's identity key (its ID is what peers dial)
   * @param chain what peers must share with this node
   */
  public P2pNode(P2pConfig config, NodeKey key, ChainIdentity chain) {
    this.config = config;
    this.key = key;
    this.bans = new BanList(System::nanoTime);
    this.peers = new PeerSet(key.id(), bans);
    this.context =
        new PeerContext(config, key.id(), new HandshakeRules(chain),
            TlsContexts.create(NodeCertificate.create(key)), peers, bans, router, channels,
            System::nanoTime);
  }

  /**
   * Binds the listen address and dials the persistent peers.
   *
   * @throws IOException if the address cannot be bound (the message names it)
   */
  public synchronized void start() throws IOException {
    if (started) {
      throw new IllegalStateException("p2p node already started");
    }
    started = true;
    loops = EventLoops.create(config.ioThreads(), "p2p-" + key.id().hex().substring(0, 8));
    Bootstrap client = new Bootstrap().group(loops.group()).channel(loops.socketChannelClass());
    dialer = new Dialer(context, client, loops.group(), new SecureRandom());
    peers.addListener(dialer);
    ChannelFuture bind =
        new ServerBootstrap()
            .group(loops.group())
            .channel(loops.serverChannelClass())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(ConnectionInitializer.inbound(context))
            .bind(config.listenAddress())
            .awaitUninterruptibly();
    if (!bind.isSuccess()) {
      loops.shutdown(STOP_TIMEOUT_MILLIS);
      stopped = true;
      InetSocketAddress at = config.listenAddress();
      throw new IOException("cannot listen for p2p on " + at.getHostString() + ":" + at.getPort()
          + ": " + bindFailure(bind.cause()), bind.cause());
    }
    server = bind.channel();
    channels.add(server);
    InetSocketAddress at = listenAddress();
    log.info("p2p node {} listening on {}:{} ({}), moniker \"{}\"", key.id(),
        at.getHostString(), at.getPort(), loops.transportName(), config.moniker());
    for (PeerAddress peer : config.persistentPeers()) {
      dialer.addPersistent(peer);
    }
  }

  /** Closes every connection (telling peers the node shuts down) and stops the threads. */
  public synchronized void stop() {
    if (!started || stopped) {
      return;
    }
    stopped = true;
    dialer.stop();
    server.close().awaitUninterruptibly(STOP_TIMEOUT_MILLIS);
    List<Peer> connected = List.copyOf(peers.all());
    for (Peer peer : connected) {
      peer.close(DisconnectReason.DISCONNECT_REASON_SHUTDOWN, "node shutting down", false);
    }
    long deadline = System.nanoTime() + STOP_TIMEOUT_MILLIS * 1_000_000;
    for (Peer peer : connected) {
      peer.closeFuture().awaitUninterruptibly(
          Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
    }
    channels.close().awaitUninterruptibly(STOP_TIMEOUT_MILLIS); // the rest: handshakes, server
    loops.shutdown(STOP_TIMEOUT_MILLIS);
    log.info("p2p node {} stopped", key.id());
  }

  @Override
  public void close() {
    stop();
  }

  public NodeId nodeId() {
    return key.id();
  }

  /**
   * The bound listen address (with the real port when the config asked for port 0); a wildcard
   * host as configured (a dual-stack socket bound to 0.0.0.0 reports [0:0:0:0:0:0:0:0]).
   */
  public InetSocketAddress listenAddress() {
    requireStarted();
    InetSocketAddress bound = (InetSocketAddress) server.localAddress();
    InetSocketAddress asked = config.listenAddress();
    if (bound.getAddress().isAnyLocalAddress() && asked.getAddress() != null
        && asked.getAddress().isAnyLocalAddress()) {
      return new InetSocketAddress(asked.getAddress(), bound.getPort());
    }
    return bound;
  }

  public int listenPort() {
    return listenAddress().getPort();
  }

  /**
   * Sets (or with {@code null} removes) the handler of an application channel. Messages on a
   * channel without a handler are dropped.
   *
   * @throws IllegalArgumentException for the handshake and control channels
   */
  public void setHandler(Channel channel, MessageHandler handler) {
    router.setHandler(channel, handler);
  }

  public void addPeerListener(PeerListener listener) {
    peers.addListener(listener);
  }

  public void removePeerListener(PeerListener listener) {
    peers.removeListener(listener);
  }

  /** Keeps a node connected: dials it now and redials with backoff whenever it is not. */
  public void addPersistentPeer(PeerAddress address) {
    requireStarted();
    dialer.addPersistent(address);
  }

  /**
   * Dials a node once (counted against the outbound limit).
   *
   * @return completes with the peer once the handshake completes (at once if already
   *     connected), or fails with a {@link PeerRefusedException} saying why
   */
  public CompletableFuture<PeerInfo> dial(PeerAddress address) {
    requireStarted();
    return dialer.dial(address);
  }

  /**
   * Queues a message for one peer.
   *
   * @return false if the peer is not connected or its send queue is full (nothing is sent)
   * @throws IllegalArgumentException if the channel is not an application channel or the
   *     message does not fit in a frame
   */
  public boolean send(NodeId peerId, Channel channel, byte[] payload) {
    byte[] envelope = encode(channel, payload);
    Peer peer = peers.get(peerId);
    return peer != null && peer.send(envelope);
  }

  /**
   * Queues a message for every connected peer but {@code except} (may be null).
   *
   * @return how many peers it was queued for (peers with a full queue are skipped)
   */
  public int broadcast(Channel channel, byte[] payload, NodeId except) {
    byte[] envelope = encode(channel, payload);
    int queued = 0;
    for (Peer peer : peers.all()) {
      if (!peer.id().equals(except) && peer.send(envelope)) {
        queued++;
      }
    }
    return queued;
  }

  /** The connected peers, ordered by node ID. */
  public List<PeerInfo> peers() {
    return peers.all().stream()
        .map(Peer::info)
        .sorted(Comparator.comparing(PeerInfo::id))
        .toList();
  }

  public Optional<PeerInfo> peer(NodeId id) {
    return Optional.ofNullable(peers.get(id)).map(Peer::info);
  }

  /**
   * Sets the height this node reports: in later handshakes, and at once to every peer (a status
   * message) if it changed.
   */
  public void setLocalHeight(long height) {
    if (height < 0) {
      throw new IllegalArgumentException("height must be >= 0, got " + height);
    }
    if (context.localHeight().getAndSet(height) != height) {
      byte[] status = ControlMessages.status(height);
      for (Peer peer : peers.all()) {
        peer.send(status);
      }
    }
  }

  public long localHeight() {
    return context.localHeight().get();
  }

  /** Closes the connection to a peer, telling it why; a persistent peer is redialled later. */
  public void disconnect(NodeId peerId, String reason) {
    Peer peer = peers.get(peerId);
    if (peer != null) {
      peer.close(DisconnectReason.DISCONNECT_REASON_REQUESTED, reason, false);
    }
  }

  /**
   * Bans a node for the configured ban duration and closes its connection: for misbehaviour
   * found later than the message itself (e.g. an invalid block).
   */
  public void ban(NodeId peerId, String reason) {
    Peer peer = peers.ban(peerId, config.banDuration());
    if (peer != null) {
      peer.close(DisconnectReason.DISCONNECT_REASON_PROTOCOL_VIOLATION, reason, true);
    } else {
      log.warn("node {} banned for {}: {}", peerId, config.banDuration(), reason);
    }
  }

  public boolean isBanned(NodeId id) {
    return bans.isBanned(id);
  }

  public P2pConfig config() {
    return config;
  }

  private byte[] encode(Channel channel, byte[] payload) {
    ChannelRouter.requireApplicationChannel(channel);
    byte[] envelope = Frames.envelope(channel, payload);
    if (envelope.length > config.maxFrameBytes()) {
      throw new IllegalArgumentException("a " + channel + " message of " + payload.length
          + " bytes does not fit in a frame of at most " + config.maxFrameBytes() + " bytes");
    }
    return envelope;
  }

  private void requireStarted() {
    if (!started) {
      throw new IllegalStateException("p2p node not started");
    }
  }

  /** The bind failure in the system's words, without Netty's native-call prefix. */
  private static String bindFailure(Throwable cause) {
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.replaceFirst("^bind\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
  }
}
