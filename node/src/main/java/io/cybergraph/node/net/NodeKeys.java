package io.cybergraph.node.net;

import io.cybergraph.node.home.HomeException;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.NodeKeyFile;
import io.cybergraph.p2p.NodeKey;

/** The node's p2p identity from its home ({@code config/node_key.json}). */
public final class NodeKeys {
  private NodeKeys() {}

  /**
   * Loads the node key, creating the file with a new random key if the home has none.
   *
   * @throws HomeException naming the file and what is wrong with it
   */
  public static NodeKey load(NodeHome home) {
    return NodeKey.of(NodeKeyFile.readOrCreate(home.nodeKeyJson()));
  }
}
