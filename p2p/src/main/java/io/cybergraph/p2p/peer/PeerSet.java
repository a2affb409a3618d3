package io.cybergraph.p2p.peer;

import io.cybergraph.p2p.Direction;
import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.PeerInfo;
import io.cybergraph.p2p.PeerListener;
import io.cybergraph.proto.pb.DisconnectReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connected peers, at most one connection per node ID, and the listeners told about them.
 * Joining and leaving are serialised, and listeners are called inside that order, so every
 * listener sees one peer's connect before its disconnect.
 *
 * <p>Two nodes that dial each other at once end up with two connections; both sides keep the one
 * opened by the node with the smaller ID, so they agree on which to drop.
 */
public final class PeerSet {

  private static final Logger log = LoggerFactory.getLogger(PeerSet.class);

  private final NodeId self;
  private final BanList bans;
  private final Map<NodeId, Peer> peers = new ConcurrentHashMap<>();
  private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();

  public PeerSet(NodeId self, BanList bans) {
    this.self = self;
    this.bans = bans;
  }

  /** Outcome of {@link #register}. */
  enum Registration {
    JOINED,
    DUPLICATE,
    BANNED,
    CLOSING
  }

  public void addListener(PeerListener listener) {
    listeners.add(listener);
  }

  public void removeListener(PeerListener listener) {
    listeners.remove(listener);
  }

  /** Adds a peer that completed its handshake, replacing or refusing a second connection. */
  synchronized Registration register(Peer peer) {
    if (peer.isClosing()) {
      return Registration.CLOSING;
    }
    if (bans.isBanned(peer.id())) {
      return Registration.BANNED; // banned while this connection was in its handshake
    }
    Peer existing = peers.get(peer.id());
    if (existing != null) {
      NodeId preferredDialer = self.compareTo(peer.id()) < 0 ? self : peer.id();
      boolean keepNew =
          peer.dialer().equals(preferredDialer) && !existing.dialer().equals(preferredDialer);
      if (!keepNew) {
        return Registration.DUPLICATE;
      }
      peers.remove(peer.id());
      existing.setInPeerSet(false);
      String reason = "replaced by the connection opened by " + preferredDialer;
      existing.close(DisconnectReason.DISCONNECT_REASON_DUPLICATE, reason, false);
      notifyDisconnected(existing.info(), reason);
    }
    peers.put(peer.id(), peer);
    peer.setInPeerSet(true);
    peer.connected();
    log.info("peer {} connected ({}, moniker \"{}\", height {})", peer.label(),
        peer.direction().name().toLowerCase(), peer.info().moniker(), peer.info().reportedHeight());
    PeerInfo info = peer.info();
    for (PeerListener listener : listeners) {
      try {
        listener.peerConnected(info);
      } catch (RuntimeException e) {
        log.warn("peer listener failed on connect of {}", peer.id(), e);
      }
    }
    return Registration.JOINED;
  }

  /** Removes a closed peer; true if it was the registered connection for its ID. */
  synchronized boolean unregister(Peer peer, String reason) {
    NodeId id = peer.id();
    if (id == null || !peers.remove(id, peer)) {
      return false;
    }
    peer.setInPeerSet(false);
    notifyDisconnected(peer.info(), reason);
    return true;
  }

  private void notifyDisconnected(PeerInfo info, String reason) {
    for (PeerListener listener : listeners) {
      try {
        listener.peerDisconnected(info, reason);
      } catch (RuntimeException e) {
        log.warn("peer listener failed on disconnect of {}", info.id(), e);
      }
    }
  }

  /**
   * Bans a node and returns its connection in the set, if any, under the lock of {@link
   * #register}: a connection of the node still in its handshake is refused when it registers,
   * and one registered already is returned to be closed.
   */
  public synchronized Peer ban(NodeId id, Duration duration) {
    bans.ban(id, duration);
    return peers.get(id);
  }

  public Peer get(NodeId id) {
    return peers.get(id);
  }

  public boolean isConnected(NodeId id) {
    return peers.containsKey(id);
  }

  public Collection<Peer> all() {
    return new ArrayList<>(peers.values());
  }

  public int count(Direction direction) {
    return (int) peers.values().stream().filter(p -> p.direction() == direction).count();
  }

  public int size() {
    return peers.size();
  }
}
