package io.cybergraph.rank.tree;

import java.security.MessageDigest;
import java.util.List;

/**
 * A proof that particle {@code cid} at {@code index} of a rank tree of {@code size} particles
 * has focus {@code focus}: its RFC 6962 audit path. {@link #verify(byte[])} recomputes the
 * root with the verification algorithm of RFC 9162 §2.1.3.2, independently of how the tree
 * was built.
 */
public record FocusProof(int index, int size, long focus, String cid, List<byte[]> path) {
  public FocusProof {
    path = List.copyOf(path);
  }

  /** True if this proof leads to {@code root}. */
  public boolean verify(byte[] root) {
    if (index < 0 || index >= size || root == null || root.length != RankTree.HASH) {
      return false;
    }
    long fn = index;
    long sn = size - 1L;
    byte[] r = RankTree.leafHash(index, focus, cid);
    for (byte[] p : path) {
      if (sn == 0 || p.length != RankTree.HASH) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = RankTree.inner(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = RankTree.inner(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }
}
