package io.cybergraph.proto.crypto;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint;

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
      Object key = PublicKeys.decoded(publicKey);
      return key instanceof PublicPoint point
          && org.bouncycastle.math.ec.rfc8032.Ed25519.verify(sig, 0, point, msg, 0, msg.length);
    } catch (RuntimeException e) {
      return false; // defensive: a library fault on hostile input is just an invalid signature
    }
  }

  /** As {@link #verify}, decoding the public key on every call (the reference for tests). */
  static boolean verifyUncached(byte[] publicKey, byte[] msg, byte[] sig) {
    if (publicKey == null || msg == null || sig == null
        || publicKey.length != PUBLIC_KEY_LENGTH || sig.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
          sig, 0, publicKey, 0, msg, 0, msg.length);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Public keys decoded to curve points, kept: decompressing a key (a square root in the field)
   * is a sizeable part of a verification, and a chain's txs come from comparatively few keys.
   * Bouncy Castle's partial validation applies exactly the checks its verification of an encoded
   * key does (canonical encoding, a point on the curve), so a cached point verifies exactly the
   * signatures the encoded key would; a key that fails them is kept as {@link #INVALID} (every
   * signature with it is invalid). Bounded: emptied when full.
   */
  private static final class PublicKeys {
    private static final int LIMIT = 1 << 16;
    private static final Object INVALID = new Object();
    private static final java.util.concurrent.ConcurrentHashMap<java.nio.ByteBuffer, Object> KEYS =
        new java.util.concurrent.ConcurrentHashMap<>();

    static Object decoded(byte[] publicKey) {
      java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(publicKey);
      Object found = KEYS.get(key);
      if (found != null) {
        return found;
      }
      PublicPoint point =
          org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(publicKey, 0);
      Object decoded = point != null ? point : INVALID;
      if (KEYS.size() >= LIMIT) {
        KEYS.clear();
      }
      KEYS.put(java.nio.ByteBuffer.wrap(publicKey.clone()), decoded);
      return decoded;
    }
  }

  private static void requireLength(byte[] bytes, int length, String what) {
    if (bytes == null || bytes.length != length) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes, got " + (bytes == null ? "null" : bytes.length));
    }
  }
}
