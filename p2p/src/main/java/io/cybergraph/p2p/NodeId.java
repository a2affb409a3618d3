package io.cybergraph.p2p;

import io.cybergraph.proto.crypto.Address;
import java.util.HexFormat;

/**
 * A node's identity on the network: the lowercase hex of the first 20 bytes of SHA-256 of its
 * Ed25519 public key (as in CometBFT). Ordered like the bytes it stands for.
 */
public record NodeId(String hex) implements Comparable<NodeId> {

  /** Length of a node ID in bytes: the same 20 bytes as the key's account address. */
  public static final int LENGTH = Address.LENGTH;

  public NodeId {
    if (hex == null || hex.length() != 2 * LENGTH || !hex.chars().allMatch(NodeId::isLowerHex)) {
      throw new IllegalArgumentException(
          "node id must be " + 2 * LENGTH + " lowercase hex characters, got \"" + hex + "\"");
    }
  }

  /** Parses a node ID, accepting upper- or lowercase hex. */
  public static NodeId parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("node id is missing");
    }
    return new NodeId(text.trim().toLowerCase(java.util.Locale.ROOT));
  }

  /** The ID of a 32-byte Ed25519 public key. */
  public static NodeId ofPublicKey(byte[] publicKey) {
    return new NodeId(HexFormat.of().formatHex(Address.fromPublicKey(publicKey)));
  }

  /** The 20 bytes of the ID. */
  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public int compareTo(NodeId other) {
    return hex.compareTo(other.hex); // lowercase hex sorts like the unsigned bytes
  }

  @Override
  public String toString() {
    return hex;
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
