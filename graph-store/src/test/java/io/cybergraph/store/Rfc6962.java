package io.cybergraph.store;

import java.security.MessageDigest;
import java.util.List;

/**
 * Reference RFC 6962 root over all leaves and RFC 9162 §2.1.3.2 proof verification, written
 * from the RFCs independently of the store's code (until proto's Merkle lands on main).
 */
final class Rfc6962 {
  private Rfc6962() {}

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        d.update(p);
      }
      return d.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] leafHash(byte[] leaf) {
    return sha256(new byte[] {0}, leaf);
  }

  static byte[] inner(byte[] l, byte[] r) {
    return sha256(new byte[] {1}, l, r);
  }

  /** MTH(D[n]) over leaf hashes. */
  static byte[] root(List<byte[]> leafHashes) {
    if (leafHashes.isEmpty()) {
      return sha256();
    }
    return mth(leafHashes, 0, leafHashes.size());
  }

  private static byte[] mth(List<byte[]> h, int from, int n) {
    if (n == 1) {
      return h.get(from);
    }
    int k = Integer.highestOneBit(n - 1);
    return inner(mth(h, from, k), mth(h, from + k, n - k));
  }

  /** RFC 9162 §2.1.3.2: does the path lead from leaf {@code index} of {@code size} to root? */
  static boolean verify(byte[] root, byte[] leafHash, long index, long size, List<byte[]> path) {
    if (index >= size) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = inner(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = inner(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }
}
