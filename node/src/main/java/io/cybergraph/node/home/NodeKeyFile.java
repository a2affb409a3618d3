package io.cybergraph.node.home;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.proto.crypto.KeyPair;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * {@code config/node_key.json}: the node's p2p identity, {@code {"id", "public_key",
 * "private_key"}} (see {@link KeyFiles}). The p2p module's {@code NodeKey} reads the same file.
 */
public final class NodeKeyFile {

  private static final String WHAT = "node key file";

  private NodeKeyFile() {}

  /** The node ID of a public key: hex of the first 20 bytes of its SHA-256. */
  public static String nodeId(byte[] publicKey) {
    return HexFormat.of().formatHex(io.cybergraph.proto.crypto.Address.fromPublicKey(publicKey));
  }

  /** Writes a new file (mode 0600); refuses to overwrite one. */
  public static void write(Path file, KeyPair key) {
    ObjectNode node = KeyFiles.keyObject();
    node.put("id", nodeId(key.publicKey()));
    KeyFiles.putKeys(node, key);
    KeyFiles.write(file, node);
  }

  /** Reads and checks the file; {@link HomeException} names the file and the field. */
  public static KeyPair read(Path file) {
    JsonNode node = KeyFiles.read(file, WHAT);
    KeyPair key = KeyFiles.keyPair(node, file, WHAT);
    String id = KeyFiles.text(node, "id", file, WHAT);
    if (!id.equalsIgnoreCase(nodeId(key.publicKey()))) {
      throw new HomeException(WHAT + " " + file + ": id " + id + " does not match the key");
    }
    return key;
  }
}
