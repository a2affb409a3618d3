package io.cybergraph.node.net;

import io.cybergraph.node.home.HomeException;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.p2p.NodeKey;
import java.io.IOException;

/** The node's p2p identity from its home ({@code config/node_key.json}). */
public final class NodeKeys {
  private NodeKeys() {}

  /**
   * Loads the node key, creating the file with a new random key if the home has none.
   *
   * @throws HomeException naming the file and what is wrong with it
   */
  public static NodeKey load(NodeHome home) {
    try {
      return NodeKey.loadOrGenerate(home.nodeKeyJson());
    } catch (IOException e) {
      throw new HomeException(e.getMessage());
    }
  }
}
