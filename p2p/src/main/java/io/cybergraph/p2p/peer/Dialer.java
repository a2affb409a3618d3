package io.cybergraph.p2p.peer;

import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.PeerAddress;
import io.cybergraph.p2p.PeerInfo;
import io.cybergraph.p2p.PeerListener;
import io.cybergraph.p2p.PeerRefusedException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens outbound connections: one-off dials, bounded by the outbound limit, and persistent
 * peers, kept connected by redialling with exponential backoff whenever they are not.
 */
public final class Dialer implements PeerListener {

  private static final Logger log = LoggerFactory.getLogger(Dialer.class);

  private final PeerContext context;
  private final Bootstrap bootstrap;
  private final EventLoopGroup group;
  private final Backoff backoff;
  private final Map<NodeId, PersistentPeer> persistent = new ConcurrentHashMap<>();
  private final AtomicInteger outbound = new AtomicInteger();
  private volatile boolean stopped;

  public Dialer(PeerContext context, Bootstrap bootstrap, EventLoopGroup group, Random random) {
    this.context = context;
    this.group = group;
    this.backoff =
        new Backoff(context.config().backoffMin(), context.config().backoffMax(), random);
    this.bootstrap =
        bootstrap
            .clone()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, context.config().dialTimeout().toMillis()))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true);
  }

  /**
   * Dials a node once. Completes with the peer when the handshake completes (or at once if it is
   * already connected), or fails with a {@link PeerRefusedException} that says why.
   */
  public CompletableFuture<PeerInfo> dial(PeerAddress address) {
    if (stopped) {
      return refused("the node is stopping");
    }
    Peer connected = context.peers().get(address.id());
    if (connected != null) {
      return CompletableFuture.completedFuture(connected.info());
    }
    Duration banned = context.bans().remaining(address.id());
    if (!banned.isZero()) {
      return refused(address.id() + " is banned for another " + banned.toSeconds() + " s");
    }
    if (outbound.incrementAndGet() > context.config().maxOutbound()) {
      outbound.decrementAndGet();
      return refused(
          "limit of " + context.config().maxOutbound() + " outbound connections reached");
    }
    return connect(address, true, outbound::decrementAndGet);
  }

  /** Keeps a node connected from now on (until {@link #stop}). */
  public void addPersistent(PeerAddress address) {
    if (address.id().equals(context.self())) {
      log.warn("ignoring persistent peer {}: it is this node", address);
      return;
    }
    PersistentPeer added = new PersistentPeer(address);
    if (persistent.putIfAbsent(address.id(), added) == null) {
      schedule(added, Duration.ZERO);
    }
  }

  /** Stops redialling; connections already open are closed by the node. */
  public void stop() {
    stopped = true;
    for (PersistentPeer peer : persistent.values()) {
      synchronized (peer) {
        if (peer.next != null) {
          peer.next.cancel(false);
        }
      }
    }
  }

  @Override
  public void peerConnected(PeerInfo info) {
    PersistentPeer peer = persistent.get(info.id());
    if (peer != null) {
      synchronized (peer) {
        peer.failures = 0;
      }
    }
  }

  @Override
  public void peerDisconnected(PeerInfo info, String reason) {
    PersistentPeer peer = persistent.get(info.id());
    if (peer != null) {
      int failures;
      synchronized (peer) {
        failures = peer.failures;
      }
      schedule(peer, backoff.delay(failures));
    }
  }

  private void schedule(PersistentPeer peer, Duration delay) {
    synchronized (peer) {
      if (stopped || peer.dialling || (peer.next != null && !peer.next.isDone())) {
        return; // an attempt is already on its way
      }
      peer.next = group.schedule(() -> attempt(peer), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void attempt(PersistentPeer peer) {
    NodeId id = peer.address.id();
    synchronized (peer) {
      peer.next = null;
      if (stopped || context.peers().isConnected(id)) {
        return; // a disconnect will schedule the next attempt
      }
      Duration banned = context.bans().remaining(id);
      if (!banned.isZero()) {
        log.info("persistent peer {} is banned; redialling in {} s", id, banned.toSeconds());
        peer.next = group.schedule(() -> attempt(peer), banned.toNanos(), TimeUnit.NANOSECONDS);
        return;
      }
      peer.dialling = true;
    }
    log.debug("dialling persistent peer {}", peer.address);
    connect(peer.address, false, () -> {})
        .whenComplete(
            (info, error) -> {
              int failures;
              synchronized (peer) {
                peer.dialling = false;
                if (error == null || context.peers().isConnected(id)) {
                  // connected (maybe through its own dial, which won over ours): the disconnect
                  // will schedule the next attempt
                  return;
                }
                failures = ++peer.failures;
              }
              Duration delay = backoff.delay(failures - 1);
              log.info("persistent peer {} not connected ({}); redialling in {} ms",
                  peer.address, error.getMessage(), delay.toMillis());
              schedule(peer, delay);
            });
  }

  /**
   * Opens a connection; the result completes when the handshake does.
   *
   * @param onClose run once the socket is closed (or failed to open)
   */
  private CompletableFuture<PeerInfo> connect(
      PeerAddress address, boolean logFailure, Runnable onClose) {
    CompletableFuture<PeerInfo> established = new CompletableFuture<>();
    ChannelFuture connect =
        bootstrap
            .clone()
            .handler(ConnectionInitializer.outbound(context, address.id(), established))
            .connect(address.host(), address.port());
    connect.channel().closeFuture().addListener(f -> onClose.run());
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            String why = "cannot connect to " + address + ": " + Errors.describe(f.cause());
            if (logFailure) {
              log.info("dial failed: {}", why);
            }
            established.completeExceptionally(new PeerRefusedException(why));
          }
        });
    return established;
  }

  private static CompletableFuture<PeerInfo> refused(String why) {
    return CompletableFuture.failedFuture(new PeerRefusedException(why));
  }

  /** Redial state of one persistent peer; guarded by its own lock. */
  private static final class PersistentPeer {
    final PeerAddress address;
    int failures;
    boolean dialling;
    ScheduledFuture<?> next;

    PersistentPeer(PeerAddress address) {
      this.address = address;
    }
  }
}
