package io.cybergraph.node.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The addresses a node listens on (p2p, RPC, and metrics when enabled), checked before anything
 * opens: otherwise the node opens its store, commits blocks, and only then fails to bind.
 */
public final class ListenPorts {
  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");
  /** How the bind errors name each listener. */
  private static final Map<String, String> LABELS =
      Map.of("p2p.laddr", "p2p", "rpc.laddr", "RPC", "metrics.laddr", "metrics");

  private ListenPorts() {}

  /** The listeners of {@code config} by key ({@code p2p.laddr}, ...), already validated. */
  static Map<String, HostPort> of(NodeConfig config) {
    Map<String, HostPort> listeners = new LinkedHashMap<>();
    listeners.put("p2p.laddr", HostPort.parse(config.p2p.laddr));
    listeners.put("rpc.laddr", HostPort.parse(config.rpc.laddr));
    if (config.metrics.enabled) {
      listeners.put("metrics.laddr", HostPort.parse(config.metrics.laddr));
    }
    return listeners;
  }

  /**
   * Refuses two listeners on one port when their hosts are equal or one is a wildcard (which
   * takes the port on every address). Port 0 (any free port) never collides.
   */
  static void requireApart(NodeConfig config) {
    List<Map.Entry<String, HostPort>> listeners = List.copyOf(of(config).entrySet());
    for (int i = 0; i < listeners.size(); i++) {
      for (int j = 0; j < i; j++) {
        HostPort a = listeners.get(j).getValue();
        HostPort b = listeners.get(i).getValue();
        boolean sameHost = a.host().equalsIgnoreCase(b.host())
            || WILDCARDS.contains(a.host()) || WILDCARDS.contains(b.host());
        if (a.port() != 0 && a.port() == b.port() && sameHost) {
          throw new ConfigException(listeners.get(i).getKey() + ": " + b + " takes the port of "
              + listeners.get(j).getKey() + " (" + a + "): each listener needs its own port");
        }
      }
    }
  }

  /**
   * Refuses a listen host that does not resolve, naming it (at start only: a testnet's
   * hostnames may resolve only where its nodes run).
   */
  public static void requireResolvable(NodeConfig config) {
    for (Map.Entry<String, HostPort> listener : of(config).entrySet()) {
      String host = listener.getValue().host();
      try {
        InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new ConfigException(
            listener.getKey() + ": cannot resolve host " + host + " (" + listener.getValue() + ")");
      }
    }
  }

  /**
   * Refuses a listener whose port another process holds, by binding it for a moment: the node
   * binds p2p only after it has started (its sync must not feed an engine not yet running), so
   * a port in use would otherwise be found after the first blocks were made. A port taken
   * between this check and the real bind is still refused then, only later.
   *
   * @throws IOException "cannot listen for p2p on HOST:PORT: Address already in use"
   */
  public static void requireFree(NodeConfig config) throws IOException {
    for (Map.Entry<String, HostPort> listener : of(config).entrySet()) {
      HostPort at = listener.getValue();
      if (at.port() == 0) {
        continue;
      }
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true); // as the real listeners: a closed one's TIME-WAIT is fine
        probe.bind(new InetSocketAddress(at.host(), at.port()));
      } catch (IOException e) {
        throw new IOException("cannot listen for " + LABELS.get(listener.getKey()) + " on " + at
            + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
      }
    }
  }
}
