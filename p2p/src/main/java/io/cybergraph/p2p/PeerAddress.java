package io.cybergraph.p2p;

/**
 * Where to reach a node and who must answer there: {@code ID@host:port}. An IPv6 host is
 * written in brackets: {@code ID@[::1]:26656}.
 */
public record PeerAddress(NodeId id, String host, int port) {

  public PeerAddress {
    if (id == null) {
      throw new IllegalArgumentException("peer address needs a node id");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("peer address needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("peer port must be 1..65535, got " + port);
    }
  }

  /** Parses {@code ID@host:port}; the error message names the bad part. */
  public static PeerAddress parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("peer address is missing");
    }
    String value = text.trim();
    int at = value.indexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException(
          "peer address \"" + text + "\" must look like ID@host:port (no '@')");
    }
    NodeId id;
    try {
      id = NodeId.parse(value.substring(0, at));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("peer address \"" + text + "\": " + e.getMessage());
    }
    String hostPort = value.substring(at + 1);
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException(
          "peer address \"" + text + "\" must look like ID@host:port (no port)");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          "peer address \"" + text + "\": write an IPv6 host in brackets, e.g. [::1]:26656");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "peer address \"" + text + "\": port \"" + hostPort.substring(colon + 1)
              + "\" is not a number");
    }
    try {
      return new PeerAddress(id, host, port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("peer address \"" + text + "\": " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return id + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
