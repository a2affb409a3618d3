/**
 * The peer-to-peer network: authenticated, encrypted connections (TLS 1.3 with the node's
 * Ed25519 key), length-prefixed protobuf frames on channels, the handshake, peers, limits and
 * bans. Start from {@link io.cybergraph.p2p.P2pNode}; {@code docs/p2p.md} describes the
 * protocol.
 *
 * <p>Subpackages: {@code transport} (threads, TLS, frames), {@code peer} (one connection's
 * life, the peer set, dialing, bans, flood limits), {@code channel} (handlers, handshake rules,
 * control messages).
 */
package io.cybergraph.p2p;
