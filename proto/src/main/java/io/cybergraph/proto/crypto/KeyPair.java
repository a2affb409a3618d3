package io.cybergraph.proto.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An Ed25519 key pair: the 32-byte seed and its 32-byte public key. Immutable: the accessors
 * return copies. Signing through a key pair avoids re-deriving the public key every time.
 */
public final class KeyPair {

  private final byte[] seed;
  private final byte[] publicKey;

  private KeyPair(byte[] seed, byte[] publicKey) {
    this.seed = seed;
    this.publicKey = publicKey;
  }

  /** The key pair of a 32-byte seed. */
  public static KeyPair fromSeed(byte[] seed) {
    byte[] copy = seed.clone();
    return new KeyPair(copy, Ed25519.publicKey(copy));
  }

  /** A new random key pair. */
  public static KeyPair generate(SecureRandom random) {
    return fromSeed(Ed25519.newSeed(random));
  }

  public byte[] seed() {
    return seed.clone();
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The 20-byte address of the public key. */
  public byte[] address() {
    return Address.fromPublicKey(publicKey);
  }

  /** The 64-byte Ed25519 signature of {@code msg}. */
  public byte[] sign(byte[] msg) {
    return Ed25519.sign(seed, publicKey, msg);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyPair && Arrays.equals(seed, ((KeyPair) o).seed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  /** Never prints the seed. */
  @Override
  public String toString() {
    return "KeyPair[publicKey=" + java.util.HexFormat.of().formatHex(publicKey) + "]";
  }
}
