package io.cybergraph.proto.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the one hash of the protocol. */
public final class Hashes {

  /** Never updated: only cloned (declared first: the constants below hash with it). */
  private static final MessageDigest PROTOTYPE = lookUp();

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
   * {@code MessageDigest.getInstance} looks the provider up and instantiates it reflectively on
   * every call, which showed in profiles of block execution (a few hashes per link).
   */
  public static MessageDigest newSha256() {
    MessageDigest prototype = PROTOTYPE;
    if (prototype != null) {
      try {
        return (MessageDigest) prototype.clone();
      } catch (CloneNotSupportedException e) {
        // a provider without clone: look it up each time
      }
    }
    return lookUp();
  }

  private static MessageDigest lookUp() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
