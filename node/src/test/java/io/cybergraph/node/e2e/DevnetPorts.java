package io.cybergraph.node.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for a {@code cyber testnet --base-port P} devnet (node i: p2p P + 10i, RPC +1, metrics +2). */
final class DevnetPorts {
  private DevnetPorts() {}

  /** A base port with the three ports of each of {@code nodes} free now, from a random start. */
  static int freeBasePort(int nodes) throws IOException {
    int slots = 1000;
    int first = ThreadLocalRandom.current().nextInt(slots);
    for (int i = 0; i < slots; i++) {
      int base = 20000 + 10 * ((first + i) % slots);
      boolean free = true;
      for (int port = base; port < base + 10 * nodes && free; port++) {
        free = port % 10 > 2 || free(port);
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no free ports in 20000..30000");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
