package io.cybergraph.proto.crypto;

import java.security.SecureRandom;

/**
 * Ed25519 (RFC 8032) through Bouncy Castle's lightweight API: no JCA provider is registered,
 * and it is about 8 times faster than the JDK's own implementation.
 *
 * <p>Private keys are 32-byte seeds; public keys 32 bytes; signatures 64 bytes. Verification
 * follows RFC 8032 strictly (S must be below the group order, points canonically encoded),
 * which makes signatures non-malleable.
 */
public final class Ed25519 {

  public static final int SEED_LENGTH = org.bouncycastle.math.ec.rfc8032.Ed25519.SECRET_KEY_SIZE;
  public static final int PUBLIC_KEY_LENGTH =
      org.bouncycastle.math.ec.rfc8032.Ed25519.PUBLIC_KEY_SIZE;
  public static final int SIGNATURE_LENGTH =
      org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE;

  private Ed25519() {}

  /** A new random 32-byte private seed. */
  public static byte[] newSeed(SecureRandom random) {
    byte[] seed = new byte[SEED_LENGTH];
    random.nextBytes(seed);
    return seed;
  }

  /** The 32-byte public key of a 32-byte seed. */
  public static byte[] publicKey(byte[] seed) {
    requireLength(seed, SEED_LENGTH, "seed");
    byte[] publicKey = new byte[PUBLIC_KEY_LENGTH];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  /** Signs {@code msg} with the seed (derives the public key first; see {@link KeyPair#sign}). */
  public static byte[] sign(byte[] seed, byte[] msg) {
    return sign(seed, publicKey(seed), msg);
  }

  static byte[] sign(byte[] seed, byte[] publicKey, byte[] msg) {
    requireLength(seed, SEED_LENGTH, "seed");
    requireLength(publicKey, PUBLIC_KEY_LENGTH, "public key");
    byte[] signature = new byte[SIGNATURE_LENGTH];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
        seed, 0, publicKey, 0, msg, 0, msg.length, signature, 0);
    return signature;
  }

  /**
   * True when {@code sig} is a valid signature of {@code msg} by {@code publicKey}; false, never
   * an exception, for wrong lengths, null arguments or invalid points.
   */
  public static boolean verify(byte[] publicKey, byte[] msg, byte[] sig) {
    if (publicKey == null || msg == null || sig == null) {
      return false;
    }
    if (publicKey.length != PUBLIC_KEY_LENGTH || sig.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
          sig, 0, publicKey, 0, msg, 0, msg.length);
    } catch (RuntimeException e) {
      return false; // defensive: a library fault on hostile input is just an invalid signature
    }
  }

  private static void requireLength(byte[] bytes, int length, String what) {
    if (bytes == null || bytes.length != length) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes, got " + (bytes == null ? "null" : bytes.length));
    }
  }
}
