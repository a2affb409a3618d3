package io.cybergraph.p2p;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A snapshot of one connected peer.
 *
 * @param id the peer's node ID (its key was checked in the TLS handshake)
 * @param direction who opened the connection
 * @param remoteAddress the socket address of the other end
 * @param moniker the name the peer gave in its handshake
 * @param listenAddress the {@code host:port} the peer says it accepts connections on, or empty
 * @param reportedHeight the latest height the peer reported (handshake, then status messages)
 * @param bytesIn frame bytes received, length prefixes included
 * @param bytesOut frame bytes sent, length prefixes included
 * @param queuedSends messages waiting in this peer's send queue
 * @param droppedSends messages not sent because this peer's send queue was full
 * @param connectedSince when the handshake completed
 */
public record PeerInfo(
    NodeId id,
    Direction direction,
    InetSocketAddress remoteAddress,
    String moniker,
    String listenAddress,
    long reportedHeight,
    long bytesIn,
    long bytesOut,
    int queuedSends,
    long droppedSends,
    Instant connectedSince) {}
