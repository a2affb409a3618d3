package io.cybergraph.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 6962 hashing: leaf = SHA-256(0x00 ‖ leaf), node = SHA-256(0x01 ‖ left ‖ right), empty
 * tree = SHA-256(""). Only the two primitives the store needs to keep subtree hashes.
 */
final class TreeHash {
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JDK has no SHA-256", e);
            }
          });

  private TreeHash() {}

  static byte[] leaf(byte[] leaf) {
    MessageDigest d = SHA256.get();
    d.update((byte) 0);
    return d.digest(leaf);
  }

  static byte[] node(byte[] left, byte[] right) {
    MessageDigest d = SHA256.get();
    d.update((byte) 1);
    d.update(left);
    return d.digest(right);
  }

  static byte[] empty() {
    return SHA256.get().digest();
  }
}
