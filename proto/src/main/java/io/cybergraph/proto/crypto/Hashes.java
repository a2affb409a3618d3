package io.cybergraph.proto.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the one hash of the protocol. */
public final class Hashes {

  /**
   * SHA-256 of the empty string: the root of an empty Merkle tree and the rank root at height 0.
   * A shared array: never modify it (clone it to hand it out).
   */
  public static final byte[] EMPTY_SHA256 = sha256();

  /** Length of a SHA-256 digest in bytes. */
  public static final int SHA256_LENGTH = 32;

  private Hashes() {}

  /** SHA-256 of the concatenation of {@code parts}. */
  public static byte[] sha256(byte[]... parts) {
    MessageDigest digest = newSha256();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  /**
   * A fresh SHA-256 digest, for callers that hash streams of parts. Cloned from a prototype:
   * {@code MessageDigest.getInstance} searches the security providers on every call, which
   * cost more than hashing a link leaf.
   */
  public static MessageDigest newSha256() {
    try {
      return (MessageDigest) Prototype.SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return lookUp();
    }
  }

  private static MessageDigest lookUp() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  /** Holds the prototype (initialised on first use: EMPTY_SHA256 above needs a digest first). */
  private static final class Prototype {
    static final MessageDigest SHA256 = lookUp();
  }
}
