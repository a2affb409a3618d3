package io.cybergraph.p2p.peer;

/** Short descriptions of expected errors, for one-line logs without stack traces. */
final class Errors {

  private static final int MAX_CHARS = 160;

  private Errors() {}

  /** The innermost cause's message, or its class name when it has none. */
  static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof java.nio.channels.ClosedChannelException) {
      return "connection closed by the other side";
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    // some messages quote the peer's bytes in full (e.g. "not an SSL/TLS record: <hex>")
    return message.length() <= MAX_CHARS ? message : message.substring(0, MAX_CHARS) + "…";
  }
}
