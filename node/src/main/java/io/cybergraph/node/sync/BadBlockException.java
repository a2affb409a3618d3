package io.cybergraph.node.sync;

/**
 * A block response that does not prove itself: wrong height, a block that is not the one its
 * commit finalises, a commit that does not verify. The peer that sent it is at fault (banned).
 */
public final class BadBlockException extends Exception {
  public BadBlockException(String message) {
    super(message, null, false, false); // expected outcome: no stack trace
  }
}
