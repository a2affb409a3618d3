package io.cybergraph.p2p;

import io.cybergraph.proto.crypto.KeyPair;
import java.security.SecureRandom;

/**
 * The node's Ed25519 identity key. Its public key is carried in the node's TLS certificate; its
 * {@link NodeId} is what peers dial. This class holds the key only: the node reads and writes
 * its file ({@code config/node_key.json}) in one place, {@code io.cybergraph.node.home.NodeKeyFile}.
 */
public final class NodeKey {

  private final KeyPair keyPair;
  private final NodeId id;

  private NodeKey(KeyPair keyPair) {
    this.keyPair = keyPair;
    this.id = NodeId.ofPublicKey(keyPair.publicKey());
  }

  /** The key of a 32-byte seed. */
  public static NodeKey fromSeed(byte[] seed) {
    return new NodeKey(KeyPair.fromSeed(seed));
  }

  /** A new random key. */
  public static NodeKey generate(SecureRandom random) {
    return new NodeKey(KeyPair.generate(random));
  }

  /** A new random key from a strong random source. */
  public static NodeKey generate() {
    return generate(new SecureRandom());
  }

  /** The node key of an Ed25519 key pair (as read from the home's key file by the node). */
  public static NodeKey of(KeyPair keyPair) {
    return new NodeKey(keyPair);
  }

  public NodeId id() {
    return id;
  }

  /** The 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return keyPair.publicKey();
  }

  /** The 32-byte Ed25519 private seed: keep it secret. */
  public byte[] privateSeed() {
    return keyPair.seed();
  }

  /** Never prints the seed. */
  @Override
  public String toString() {
    return "NodeKey[" + id + "]";
  }
}
