package io.cybergraph.node.home;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.proto.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code config/node_key.json}: the node's p2p identity, {@code {"id", "public_key",
 * "private_key"}} (see {@link KeyFiles}). The only reader and writer of that file: the p2p
 * module's {@code NodeKey} holds the key, not the file.
 */
public final class NodeKeyFile {

  private static final Logger log = LoggerFactory.getLogger(NodeKeyFile.class);
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

  /**
   * Reads the file, or writes one with a new random key if the home has none (a full node
   * initialised without a key, or a key deleted to change the node's identity).
   */
  public static KeyPair readOrCreate(Path file) {
    if (!Files.exists(file)) {
      KeyPair key = KeyPair.generate(new SecureRandom());
      write(file, key);
      log.info("generated node key {} in {}", nodeId(key.publicKey()), file);
      return key;
    }
    return read(file);
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
