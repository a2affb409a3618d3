package io.cybergraph.p2p;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Nodes of one test chain on 127.0.0.1 with ephemeral ports and short timeouts; closes them
 * all at the end.
 */
final class TestNet implements AutoCloseable {

  static final ChainIdentity CHAIN =
      new ChainIdentity("test-chain", "genesis".getBytes(StandardCharsets.UTF_8));

  private final List<P2pNode> nodes = new ArrayList<>();

  /** Small timeouts and one I/O thread per node: tests are fast and the machine has 2 cores. */
  static P2pConfig.Builder config() {
    return P2pConfig.builder()
        .listen("127.0.0.1", 0)
        .ioThreads(1)
        .handshakeTimeout(Duration.ofSeconds(5))
        .dialTimeout(Duration.ofSeconds(2))
        .backoffMin(Duration.ofMillis(50))
        .backoffMax(Duration.ofMillis(400))
        .banDuration(Duration.ofMinutes(5));
  }

  P2pNode start(String moniker) throws IOException {
    return start(moniker, NodeKey.generate(), CHAIN, b -> b);
  }

  P2pNode start(String moniker, UnaryOperator<P2pConfig.Builder> tweak) throws IOException {
    return start(moniker, NodeKey.generate(), CHAIN, tweak);
  }

  P2pNode start(String moniker, NodeKey key, ChainIdentity chain,
      UnaryOperator<P2pConfig.Builder> tweak) throws IOException {
    P2pNode node = create(moniker, key, chain, tweak);
    node.start();
    return node;
  }

  /** A node not yet started, e.g. to set handlers first. */
  P2pNode create(String moniker, NodeKey key, ChainIdentity chain,
      UnaryOperator<P2pConfig.Builder> tweak) {
    P2pNode node = new P2pNode(tweak.apply(config().moniker(moniker)).build(), key, chain);
    nodes.add(node);
    return node;
  }

  static PeerAddress addressOf(P2pNode node) {
    return new PeerAddress(node.nodeId(), "127.0.0.1", node.listenPort());
  }

  static boolean connected(P2pNode a, P2pNode b) {
    return a.peer(b.nodeId()).isPresent() && b.peer(a.nodeId()).isPresent();
  }

  @Override
  public void close() {
    for (P2pNode node : nodes) {
      node.stop();
    }
  }
}
