package io.cybergraph.proto.merkle;

import io.cybergraph.proto.crypto.Hashes;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * An append-only RFC 6962 tree kept by its right frontier: one root per perfect subtree of the
 * leaves so far (one per set bit of {@link #size()}, largest first), so memory is O(log n) and an
 * append costs O(1) amortised hashes. {@link #root()} equals {@link Merkle#root} of all leaves.
 *
 * <p>Not thread-safe. Serialised form ({@link #toBytes()}): the size as 8 big-endian bytes, then
 * the 32-byte subtree roots, largest subtree (leftmost) first.
 *
 * <p>Inclusion proofs of old leaves are computed from a {@link NodeSource} (perfect-subtree hashes,
 * e.g. read from leaf hashes in the store), see {@link #proof}.
 */
public final class MerkleFrontier {

  private static final int HASH = Hashes.SHA256_LENGTH;

  /** Hashes of perfect subtrees: {@code hash(start, level)} covers leaves [start, start + 2^level). */
  @FunctionalInterface
  public interface NodeSource {
    /** The hash of the perfect subtree at {@code start} (a multiple of 2^level), or null if unknown. */
    byte[] hash(long start, int level);
  }

  /** Told about every perfect subtree completed by an append (level ≥ 1), e.g. to store some levels. */
  @FunctionalInterface
  public interface NodeSink {
    void completed(long start, int level, byte[] hash);
  }

  private long size;
  // roots of the perfect subtrees, largest (leftmost) first; levels descend with the set bits of size
  private final List<byte[]> subtrees = new ArrayList<>(64);
  private final MessageDigest digest = Hashes.newSha256();

  /** An empty tree. */
  public MerkleFrontier() {}

  /** The number of leaves appended. */
  public long size() {
    return size;
  }

  /** Appends a leaf (hashed as SHA-256(0x00 ‖ leaf)) and returns its index. */
  public long append(byte[] leaf) {
    return appendLeafHash(Merkle.leafHash(leaf), null);
  }

  /** Appends a leaf given its leaf hash; {@code sink} (may be null) hears of completed subtrees. */
  public long appendLeafHash(byte[] leafHash, NodeSink sink) {
    if (leafHash == null || leafHash.length != HASH) {
      throw new IllegalArgumentException("leaf hash must be " + HASH + " bytes");
    }
    if (size == Long.MAX_VALUE) {
      throw new IllegalStateException("tree is full");
    }
    long index = size;
    byte[] carry = leafHash;
    int level = 0;
    while (((size >>> level) & 1) == 1) {
      byte[] left = subtrees.remove(subtrees.size() - 1);
      carry = Merkle.innerHash(digest, left, carry);
      level++;
      if (sink != null) {
        sink.completed(index + 1 - (1L << level), level, carry);
      }
    }
    subtrees.add(carry);
    size++;
    return index;
  }

  /** The RFC 6962 root of all leaves appended (SHA-256("") when none). */
  public byte[] root() {
    if (subtrees.isEmpty()) {
      return Hashes.EMPTY_SHA256.clone();
    }
    byte[] r = subtrees.get(subtrees.size() - 1);
    for (int i = subtrees.size() - 2; i >= 0; i--) {
      r = Merkle.innerHash(digest, subtrees.get(i), r);
    }
    return r.clone();
  }

  /** An independent copy. */
  public MerkleFrontier copy() {
    MerkleFrontier copy = new MerkleFrontier();
    copy.size = size;
    copy.subtrees.addAll(subtrees);
    return copy;
  }

  /** Size (8 bytes big-endian) ‖ subtree roots (32 bytes each, largest first). */
  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(8 + HASH * subtrees.size());
    out.putLong(size);
    for (byte[] h : subtrees) {
      out.put(h);
    }
    return out.array();
  }

  /** Reads the form of {@link #toBytes()}; {@link IllegalArgumentException} if malformed. */
  public static MerkleFrontier fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length < 8) {
      throw new IllegalArgumentException("frontier: shorter than 8 bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    long size = in.getLong();
    if (size < 0) {
      throw new IllegalArgumentException("frontier: negative size " + size);
    }
    int count = Long.bitCount(size);
    if (bytes.length != 8 + HASH * count) {
      throw new IllegalArgumentException(
          "frontier: " + bytes.length + " bytes, expected " + (8 + HASH * count)
              + " for size " + size);
    }
    MerkleFrontier frontier = new MerkleFrontier();
    frontier.size = size;
    for (int i = 0; i < count; i++) {
      byte[] h = new byte[HASH];
      in.get(h);
      frontier.subtrees.add(h);
    }
    return frontier;
  }

  /**
   * The audit path (as {@link Merkle#proof}) of leaf {@code index} in the tree of the first
   * {@code size} leaves, reading only leaf hashes: costs O(size) reads, so callers with large
   * logs should store interior nodes and use {@link #proof(NodeSource, long, long)}.
   */
  public static List<byte[]> proofFromLeafHashes(LongFunction<byte[]> leafHashAt, long index, long size) {
    return proof(fromLeafHashes(leafHashAt, null), index, size);
  }

  /** The audit path of leaf {@code index} among {@code size} leaves from perfect-subtree hashes. */
  public static List<byte[]> proof(NodeSource nodes, long index, long size) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("leaf " + index + " of a tree of " + size);
    }
    List<byte[]> path = new ArrayList<>();
    MessageDigest digest = Hashes.newSha256();
    long from = 0;
    long n = size;
    long m = index;
    // walk down from the root; siblings are found top-down, the path lists them bottom-up
    while (n > 1) {
      long k = Merkle.splitPoint(n);
      if (m < k) {
        path.add(rangeHash(nodes, digest, from + k, n - k));
        n = k;
      } else {
        path.add(rangeHash(nodes, digest, from, k));
        from += k;
        n -= k;
        m -= k;
      }
    }
    java.util.Collections.reverse(path);
    return path;
  }

  /**
   * Perfect-subtree hashes computed from leaf hashes, using {@code stored} (may be null, or return
   * null for a node it does not hold) for any node it knows, so a store can keep some levels.
   */
  public static NodeSource fromLeafHashes(LongFunction<byte[]> leafHashAt, NodeSource stored) {
    return new NodeSource() {
      private final MessageDigest digest = Hashes.newSha256();

      @Override
      public byte[] hash(long start, int level) {
        if (level == 0) {
          byte[] h = leafHashAt.apply(start);
          if (h == null || h.length != HASH) {
            throw new IllegalStateException("no 32-byte leaf hash at " + start);
          }
          return h;
        }
        byte[] known = stored == null ? null : stored.hash(start, level);
        if (known != null) {
          return known;
        }
        byte[] left = hash(start, level - 1);
        byte[] right = hash(start + (1L << (level - 1)), level - 1);
        return Merkle.innerHash(digest, left, right);
      }
    };
  }

  /** MTH of leaves [from, from + n) from perfect subtrees (the range's own frontier). */
  private static byte[] rangeHash(NodeSource nodes, MessageDigest digest, long from, long n) {
    byte[] r = null;
    // decompose n into perfect subtrees, largest first; fold right to left
    List<byte[]> parts = new ArrayList<>();
    long start = from;
    for (int level = 63 - Long.numberOfLeadingZeros(n); level >= 0; level--) {
      if (((n >>> level) & 1) == 1) {
        byte[] h = nodes.hash(start, level);
        if (h == null) {
          throw new IllegalStateException("no hash for subtree at " + start + " level " + level);
        }
        parts.add(h);
        start += 1L << level;
      }
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      r = r == null ? parts.get(i) : Merkle.innerHash(digest, parts.get(i), r);
    }
    return r;
  }
}
