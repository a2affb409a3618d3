package io.cybergraph.node.net;

import io.cybergraph.p2p.ChainIdentity;
import io.cybergraph.p2p.NodeKey;
import io.cybergraph.p2p.P2pConfig;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.p2p.PeerAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Real p2p nodes of one test chain on 127.0.0.1 (ephemeral ports, one I/O thread, short
 * timeouts); {@link #close} stops them all.
 */
public final class TestNetwork implements AutoCloseable {
  public static final ChainIdentity CHAIN =
      new ChainIdentity("test-chain", "test genesis".getBytes(StandardCharsets.UTF_8));

  private final List<P2pNode> nodes = new ArrayList<>();
  private final List<AutoCloseable> others = new ArrayList<>();

  public static P2pConfig.Builder config(String moniker) {
    return P2pConfig.builder()
        .listen("127.0.0.1", 0)
        .moniker(moniker)
        .ioThreads(1)
        .handshakeTimeout(Duration.ofSeconds(5))
        .dialTimeout(Duration.ofSeconds(2))
        .backoffMin(Duration.ofMillis(50))
        .backoffMax(Duration.ofMillis(400))
        .banDuration(Duration.ofMinutes(5));
  }

  /** A node not started yet (set its handlers, then {@link P2pNode#start}). */
  public P2pNode create(String moniker) {
    return create(moniker, b -> b);
  }

  public P2pNode create(String moniker, UnaryOperator<P2pConfig.Builder> tweak) {
    P2pNode node = new P2pNode(tweak.apply(config(moniker)).build(), NodeKey.generate(), CHAIN);
    nodes.add(node);
    return node;
  }

  /** Closed (in reverse order) before the nodes stop. */
  public <T extends AutoCloseable> T closeLater(T closeable) {
    others.add(closeable);
    return closeable;
  }

  public static PeerAddress addressOf(P2pNode node) {
    return new PeerAddress(node.nodeId(), "127.0.0.1", node.listenPort());
  }

  /** Dials {@code to} from {@code from} and waits for the connection on both ends. */
  public static void connect(P2pNode from, P2pNode to) {
    from.dial(addressOf(to)).join();
    Await.until("connection " + from.config().moniker() + " - " + to.config().moniker(),
        () -> from.peer(to.nodeId()).isPresent() && to.peer(from.nodeId()).isPresent());
  }

  public static void start(P2pNode... nodes) throws IOException {
    for (P2pNode n : nodes) {
      n.start();
    }
  }

  @Override
  public void close() throws Exception {
    for (int i = others.size() - 1; i >= 0; i--) {
      others.get(i).close();
    }
    for (P2pNode node : nodes) {
      node.stop();
    }
  }
}
