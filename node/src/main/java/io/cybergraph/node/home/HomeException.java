package io.cybergraph.node.home;

/** A home file that cannot be read or written; the message names the file and the problem. */
public final class HomeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HomeException(String message) {
    super(message);
  }

  public HomeException(String message, Throwable cause) {
    super(message, cause);
  }
}
