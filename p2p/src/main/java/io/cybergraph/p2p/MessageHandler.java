package io.cybergraph.p2p;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Receives the messages of one channel. Called on the sending peer's I/O thread, in the order
 * the peer sent them, after {@link PeerListener#peerConnected} and before
 * {@link PeerListener#peerDisconnected} for that peer. It must not block: hand slow work to an
 * executor of your own.
 */
@FunctionalInterface
public interface MessageHandler {

  /**
   * Handles one message.
   *
   * @param from the sending peer
   * @param payload the channel message, encoded (the Envelope's payload)
   * @throws InvalidProtocolBufferException if the payload does not parse: the peer is
   *     disconnected and banned
   * @throws PeerMisbehaviourException if the message breaks the channel's rules: the peer is
   *     disconnected and banned
   */
  void onMessage(NodeId from, byte[] payload)
      throws InvalidProtocolBufferException, PeerMisbehaviourException;
}
