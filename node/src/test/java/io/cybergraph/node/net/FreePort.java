package io.cybergraph.node.net;

import java.io.IOException;
import java.net.ServerSocket;

/** A TCP port free now (the system's choice), for a test node's RPC, p2p or metrics listener. */
public final class FreePort {
  private FreePort() {}

  public static int any() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
