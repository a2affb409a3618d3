package io.cybergraph.p2p;

/** A peer broke the protocol: the connection is closed and the peer banned. */
public final class PeerMisbehaviourException extends Exception {

  public PeerMisbehaviourException(String message) {
    super(message, null, false, false); // expected outcome: no stack trace
  }
}
