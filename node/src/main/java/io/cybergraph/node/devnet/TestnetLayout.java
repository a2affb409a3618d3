package io.cybergraph.node.devnet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The nodes of a testnet and where each listens (design "Ports"). Validators come first, then
 * full nodes. Two layouts:
 *
 * <ul>
 *   <li>{@link #local}: every node on 127.0.0.1, node i with p2p {@code P + 10i}, RPC {@code P
 *       + 10i + 1} and metrics {@code P + 10i + 2}, so they can all run on one machine;
 *   <li>{@link #containers}: one host name per node (a container), every node listening on
 *       0.0.0.0 with the standard ports 26656 (p2p), 26657 (RPC) and 26660 (metrics), and
 *       dialled by its host name.
 * </ul>
 *
 * <p>Invalid counts, ports or host names throw {@link IllegalArgumentException} with the
 * option named.
 */
public record TestnetLayout(List<TestnetNode> nodes) {

  public static final int P2P_PORT = 26656;
  public static final int RPC_PORT = 26657;
  public static final int METRICS_PORT = 26660;
  public static final int DEFAULT_BASE_PORT = P2P_PORT;
  /** Ports of node i start at {@code P + PORT_STEP * i}. */
  public static final int PORT_STEP = 10;
  /** A testnet is for one machine or one compose project; more nodes would be a mistake. */
  public static final int MAX_NODES = 100;

  /** RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens. */
  private static final Pattern HOSTNAME =
      Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
          + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  public TestnetLayout {
    nodes = List.copyOf(nodes);
  }

  /**
   * The most nodes that share one host (all of them on 127.0.0.1, one per container): each
   * node is dialled by every other, so a node of that host sees that many minus one inbound
   * connections from one address.
   */
  public int mostNodesOnOneHost() {
    Map<String, Integer> perHost = new HashMap<>();
    int most = 0;
    for (TestnetNode node : nodes) {
      String address = node.externalAddress();
      String host = address.substring(0, address.lastIndexOf(':'));
      most = Math.max(most, perHost.merge(host, 1, Integer::sum));
    }
    return most;
  }

  /** All nodes on 127.0.0.1 with the port layout from {@code basePort}. */
  public static TestnetLayout local(int validators, int fullNodes, int basePort) {
    int count = count(validators, fullNodes);
    int lastPort = basePort + PORT_STEP * (count - 1) + 2;
    if (basePort < 1 || lastPort > 65535) {
      throw new IllegalArgumentException("--base-port " + basePort + " puts the ports of "
          + count + " nodes at " + basePort + ".." + lastPort + "; they must lie in 1..65535");
    }
    List<TestnetNode> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int p2p = basePort + PORT_STEP * i;
      String host = "127.0.0.1";
      nodes.add(new TestnetNode(i, TestnetNode.folderName(i), TestnetNode.folderName(i),
          i < validators, host + ":" + p2p, host + ":" + (p2p + 1), host + ":" + (p2p + 2),
          host + ":" + p2p));
    }
    return new TestnetLayout(nodes);
  }

  /** One host name per node (validators first), standard ports on 0.0.0.0. */
  public static TestnetLayout containers(int validators, int fullNodes, List<String> hostnames) {
    int count = count(validators, fullNodes);
    if (hostnames.size() != count) {
      throw new IllegalArgumentException("--hostnames names " + hostnames.size() + " host"
          + (hostnames.size() == 1 ? "" : "s") + " for " + count + " nodes (" + validators
          + " validators + " + fullNodes + " full nodes); give exactly one per node");
    }
    Set<String> seen = new HashSet<>();
    List<TestnetNode> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String host = hostnames.get(i);
      if (!HOSTNAME.matcher(host).matches()) {
        throw new IllegalArgumentException("--hostnames: '" + host + "' is not a host name"
            + " (letters, digits, '-' and '.')");
      }
      if (!seen.add(host.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("--hostnames: '" + host + "' is named twice");
      }
      nodes.add(new TestnetNode(i, TestnetNode.folderName(i), host, i < validators,
          "0.0.0.0:" + P2P_PORT, "0.0.0.0:" + RPC_PORT, "0.0.0.0:" + METRICS_PORT,
          host + ":" + P2P_PORT));
    }
    return new TestnetLayout(nodes);
  }

  public List<TestnetNode> validators() {
    return nodes.stream().filter(TestnetNode::validator).toList();
  }

  private static int count(int validators, int fullNodes) {
    if (validators < 1 || validators > MAX_NODES) {
      throw new IllegalArgumentException(
          "--validators must be 1.." + MAX_NODES + ", got " + validators);
    }
    if (fullNodes < 0 || validators + fullNodes > MAX_NODES) {
      throw new IllegalArgumentException("--full-nodes must be 0.." + (MAX_NODES - validators)
          + " (at most " + MAX_NODES + " nodes in all), got " + fullNodes);
    }
    return validators + fullNodes;
  }
}
