package io.cybergraph.p2p.peer;

/** Short descriptions of expected errors, for one-line logs without stack traces. */
final class Errors {

  private Errors() {}

  /** The innermost cause's message, or its class name when it has none. */
  static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }
}
