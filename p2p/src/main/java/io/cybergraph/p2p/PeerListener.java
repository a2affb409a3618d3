package io.cybergraph.p2p;

/**
 * Told when peers come and go. Calls for all peers are serialised (one at a time, in order),
 * so a listener sees a peer's connect before its disconnect. Must not block.
 */
public interface PeerListener {

  /** A peer completed the handshake; its messages follow this call. */
  default void peerConnected(PeerInfo peer) {}

  /** A peer's connection closed; no messages from this connection follow this call. */
  default void peerDisconnected(PeerInfo peer, String reason) {}
}
