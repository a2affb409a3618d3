package io.cybergraph.proto.merkle;

import io.cybergraph.proto.crypto.Hashes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 (Certificate Transparency) Merkle trees over SHA-256, as used for every root of the
 * protocol: block hashes, data, commits, validators, block parts, links and accounts.
 *
 * <ul>
 *   <li>empty tree: SHA-256("")
 *   <li>leaf: SHA-256(0x00 ‖ leaf)
 *   <li>n &gt; 1 leaves: SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the largest power of two
 *       smaller than n
 * </ul>
 *
 * <p>Audit paths list sibling hashes from the leaf upwards (RFC 6962 section 2.1.1); they are
 * checked with the algorithm of RFC 9162 section 2.1.3.2.
 */
public final class Merkle {

  static final byte LEAF_PREFIX = 0x00;
  static final byte INNER_PREFIX = 0x01;

  private Merkle() {}

  /** SHA-256(0x00 ‖ leaf). */
  public static byte[] leafHash(byte[] leaf) {
    MessageDigest digest = Hashes.newSha256();
    digest.update(LEAF_PREFIX);
    digest.update(leaf);
    return digest.digest();
  }

  /** SHA-256(0x01 ‖ left ‖ right). */
  public static byte[] innerHash(byte[] left, byte[] right) {
    return innerHash(Hashes.newSha256(), left, right);
  }

  static byte[] innerHash(MessageDigest digest, byte[] left, byte[] right) {
    digest.update(INNER_PREFIX);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }

  /** The RFC 6962 root of {@code leaves} (SHA-256("") when empty). */
  public static byte[] root(List<byte[]> leaves) {
    return rootOfLeafHashes(leafHashes(leaves));
  }

  /** The root of a tree given the hashes of its leaves (each already SHA-256(0x00 ‖ leaf)). */
  public static byte[] rootOfLeafHashes(List<byte[]> leafHashes) {
    if (leafHashes.isEmpty()) {
      return Hashes.EMPTY_SHA256.clone();
    }
    return subtreeRoot(Hashes.newSha256(), leafHashes, 0, leafHashes.size());
  }

  /**
   * The audit path of leaf {@code index}: the sibling hashes from the leaf up to the root, in the
   * order of RFC 6962 PATH(m, D[n]).
   */
  public static List<byte[]> proof(List<byte[]> leaves, int index) {
    if (index < 0 || index >= leaves.size()) {
      throw new IndexOutOfBoundsException("leaf " + index + " of a tree of " + leaves.size());
    }
    List<byte[]> hashes = leafHashes(leaves);
    List<byte[]> path = new ArrayList<>();
    collectPath(Hashes.newSha256(), hashes, index, 0, hashes.size(), path);
    return path;
  }

  /**
   * As {@link #proof} with the hashes of the leaves given: the audit paths of all n leaves then
   * cost O(n²) 64-byte inner hashes instead of hashing every leaf n times (block parts are 64 KiB).
   */
  public static List<byte[]> proofOfLeafHashes(List<byte[]> leafHashes, int index) {
    if (index < 0 || index >= leafHashes.size()) {
      throw new IndexOutOfBoundsException("leaf " + index + " of a tree of " + leafHashes.size());
    }
    List<byte[]> path = new ArrayList<>();
    collectPath(Hashes.newSha256(), leafHashes, index, 0, leafHashes.size(), path);
    return path;
  }

  /** True when {@code leaf} is leaf {@code index} of the tree of {@code size} leaves with {@code root}. */
  public static boolean verify(byte[] root, byte[] leaf, long index, long size, List<byte[]> path) {
    return verifyLeafHash(root, leafHash(leaf), index, size, path);
  }

  /** As {@link #verify} with the leaf's hash instead of the leaf. */
  public static boolean verifyLeafHash(
      byte[] root, byte[] leafHash, long index, long size, List<byte[]> path) {
    byte[] computed = rootFromPath(leafHash, index, size, path);
    return computed != null && root != null && MessageDigest.isEqual(computed, root);
  }

  /**
   * The root that {@code path} leads to from leaf {@code index} of {@code size} leaves (RFC 9162
   * section 2.1.3.2), or null when the path has the wrong shape for that index and size.
   */
  public static byte[] rootFromPath(byte[] leafHash, long index, long size, List<byte[]> path) {
    if (leafHash == null || path == null || index < 0 || index >= size) {
      return null;
    }
    MessageDigest digest = Hashes.newSha256();
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0 || p == null || p.length != Hashes.SHA256_LENGTH) {
        return null;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = innerHash(digest, p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = innerHash(digest, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 ? r : null;
  }

  /** The largest power of two strictly smaller than {@code n} (n ≥ 2). */
  static long splitPoint(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static List<byte[]> leafHashes(List<byte[]> leaves) {
    MessageDigest digest = Hashes.newSha256();
    List<byte[]> hashes = new ArrayList<>(leaves.size());
    for (byte[] leaf : leaves) {
      digest.update(LEAF_PREFIX);
      digest.update(leaf);
      hashes.add(digest.digest());
    }
    return hashes;
  }

  private static byte[] subtreeRoot(MessageDigest digest, List<byte[]> hashes, int from, int n) {
    if (n == 1) {
      return hashes.get(from);
    }
    int k = (int) splitPoint(n);
    byte[] left = subtreeRoot(digest, hashes, from, k);
    byte[] right = subtreeRoot(digest, hashes, from + k, n - k);
    return innerHash(digest, left, right);
  }

  private static void collectPath(
      MessageDigest digest, List<byte[]> hashes, int index, int from, int n, List<byte[]> path) {
    if (n == 1) {
      return;
    }
    int k = (int) splitPoint(n);
    if (index < k) {
      collectPath(digest, hashes, index, from, k, path);
      path.add(subtreeRoot(digest, hashes, from + k, n - k));
    } else {
      collectPath(digest, hashes, index - k, from + k, n - k, path);
      path.add(subtreeRoot(digest, hashes, from, k));
    }
  }
}
