package io.cybergraph.p2p;

/** A dial did not end in a connected peer; the message says why, for the log. */
public final class PeerRefusedException extends Exception {

  public PeerRefusedException(String message) {
    super(message, null, false, false); // expected outcome: no stack trace
  }
}
