package io.cybergraph.node.sync;

/**
 * A focus chunk that does not prove itself: a header not finalised by its commit, a header that
 * does not commit to this focus, chunks that do not fit together, or a vector whose rank root is
 * not the committed one. The peer that sent it is at fault (banned).
 */
public final class BadFocusException extends Exception {
  public BadFocusException(String message) {
    super(message, null, false, false); // expected outcome: no stack trace
  }
}
