package io.cybergraph.node.sync;

/** A commit that does not prove its block final; the message says why. */
public final class InvalidCommitException extends RuntimeException {
  public InvalidCommitException(String message) {
    super(message, null, false, false); // expected outcome: no stack trace
  }
}
