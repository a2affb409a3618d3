package io.cybergraph.rank.tree;

import io.cybergraph.rank.parallel.RowPartition;
import io.cybergraph.rank.parallel.WorkerPool;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The rank root (spec §6): an RFC 6962 Merkle tree hash (SHA-256) over the particles in index
 * order, leaf j = SHA256(0x00 ‖ be64(j) ‖ be64(focus_j) ‖ utf8(cid_j)), inner = SHA256(0x01 ‖
 * left ‖ right).
 *
 * <p>Built bottom-up, pairing neighbours and carrying an odd last node up unchanged, which
 * gives the same root as RFC 6962's split at the largest power of two below n: node p of level
 * l covers leaves [p·2^l, (p+1)·2^l), so each node of level {@value #LOW} is the tree of its 16
 * leaves alone, hashed in a small buffer by one thread. Only the levels from {@value #LOW} up
 * are kept (1/16 of the hashes: the whole tree would be 64 bytes per particle of garbage every
 * block); an audit path rehashes the 16 leaves around its particle from the focus and texts,
 * which the tree keeps by reference (neither ever changes below its size).
 */
public final class RankTree {
  static final int HASH = 32;
  /** The lowest level kept: levels below are rehashed from the leaves when a path needs them. */
  static final int LOW = 4;

  private static final int BLOCK = 1 << LOW;
  private static final int PARALLEL_MIN = 4096;
  /**
   * {@link #update} rehashes incrementally while at most 1/this of the blocks of 16 leaves
   * changed: each costs its 31 hashes plus one per level above, against two per leaf overall.
   */
  private static final int INCREMENTAL_MAX_SHARE = 8;
  /** 0x00 ‖ be64(index) ‖ be64(focus) before a leaf's text. */
  private static final int LEAF_HEAD = 17;

  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** levels[i] holds level LOW + i, the last one the root; empty tree: no levels. */
  private final byte[][] levels;

  private final int size;
  private final byte[] root;
  private final long[] focus;
  private final byte[] text;
  private final int[] textStart;

  private RankTree(
      byte[][] levels, int size, byte[] root, long[] focus, byte[] text, int[] textStart) {
    this.levels = levels;
    this.size = size;
    this.root = root;
    this.focus = focus;
    this.text = text;
    this.textStart = textStart;
  }

  /** The tree of no particles: root SHA256(""). */
  public static RankTree empty() {
    return new RankTree(new byte[0][], 0, sha256().digest(), new long[0], new byte[0], new int[1]);
  }

  /** The tree over {@code focus} (index order) with particle ids {@code cid}. */
  public static RankTree build(long[] focus, IntFunction<String> cid, WorkerPool pool) {
    ParticleTexts texts = new ParticleTexts();
    for (int j = 0; j < focus.length; j++) {
      texts.append(cid.apply(j));
    }
    return build(focus, texts, pool);
  }

  /**
   * The tree over {@code focus} (index order, kept by reference: do not change it) with the
   * particle texts {@code texts} (at least one per focus value; the first {@code focus.length}
   * are used, and appending more later does not disturb the tree).
   */
  public static RankTree build(long[] focus, ParticleTexts texts, WorkerPool pool) {
    int n = focus.length;
    if (n == 0) {
      return empty();
    }
    if (texts.size() < n) {
      throw new IllegalArgumentException(texts.size() + " particle texts for " + n + " leaves");
    }
    byte[] text = texts.bytes();
    int[] textStart = texts.starts();
    int longest = texts.longest();
    List<byte[]> levels = new ArrayList<>();
    int count = (n + BLOCK - 1) >>> LOW;
    byte[] low = new byte[Math.multiplyExact(count, HASH)];
    forChunks(
        count,
        PARALLEL_MIN >>> LOW,
        pool,
        (from, to) -> {
          Hasher h = new Hasher(longest);
          for (int p = from; p < to; p++) {
            int first = p << LOW;
            int leaves = Math.min(BLOCK, n - first);
            h.block(focus, text, textStart, first, leaves);
            System.arraycopy(h.nodes, 0, low, p * HASH, HASH);
          }
        });
    levels.add(low);
    byte[] level = low;
    while (count > 1) {
      int parents = (count + 1) / 2;
      byte[] up = new byte[parents * HASH];
      byte[] below = level;
      int belowCount = count;
      forChunks(
          parents,
          PARALLEL_MIN,
          pool,
          (from, to) -> {
            Hasher h = new Hasher(0);
            for (int p = from; p < to; p++) {
              int left = 2 * p;
              if (left + 1 < belowCount) {
                h.inner(below, left * HASH, up, p * HASH);
              } else {
                System.arraycopy(below, left * HASH, up, p * HASH, HASH); // odd node moves up
              }
            }
          });
      levels.add(up);
      level = up;
      count = parents;
    }
    byte[] root = new byte[HASH];
    System.arraycopy(level, 0, root, 0, HASH);
    return new RankTree(levels.toArray(new byte[0][]), n, root, focus, text, textStart);
  }

  /**
   * The tree over {@code focus} given the tree of the previous block: when the particle count is
   * the same and few values changed (a block without new particles, e.g. an idle chain, where
   * the iteration only moves rounding dust around), only the blocks of 16 leaves holding a
   * changed value and the nodes above them are rehashed; otherwise {@link #build}. Either way
   * the tree equals {@code build(focus, texts, pool)}; {@code previous} is left as it was.
   */
  public static RankTree update(
      RankTree previous, long[] focus, ParticleTexts texts, WorkerPool pool) {
    int n = focus.length;
    if (previous == null || previous.size != n || n == 0 || texts.size() < n) {
      return build(focus, texts, pool);
    }
    int count = (n + BLOCK - 1) >>> LOW;
    int[] dirty = new int[count];
    int dirtyCount = 0;
    long[] before = previous.focus;
    for (int p = 0; p < count; p++) {
      int first = p << LOW;
      int last = Math.min(n, first + BLOCK);
      for (int j = first; j < last; j++) {
        if (before[j] != focus[j]) {
          dirty[dirtyCount++] = p;
          break;
        }
      }
    }
    if (dirtyCount > count / INCREMENTAL_MAX_SHARE) {
      return build(focus, texts, pool); // a full rebuild hashes less than this many paths
    }
    byte[] text = texts.bytes();
    int[] textStart = texts.starts();
    if (dirtyCount == 0) { // the levels are never changed once built: share them
      return new RankTree(previous.levels, n, previous.root, focus, text, textStart);
    }
    byte[][] levels = new byte[previous.levels.length][];
    for (int l = 0; l < levels.length; l++) {
      levels[l] = previous.levels[l].clone(); // the previous tree stays valid for its readers
    }
    Hasher h = new Hasher(texts.longest());
    for (int d = 0; d < dirtyCount; d++) {
      int p = dirty[d];
      int first = p << LOW;
      h.block(focus, text, textStart, first, Math.min(BLOCK, n - first));
      System.arraycopy(h.nodes, 0, levels[0], p * HASH, HASH);
    }
    int nodes = count;
    for (int l = 1; l < levels.length; l++) {
      int parents = 0;
      for (int d = 0; d < dirtyCount; d++) {
        int parent = dirty[d] >>> 1;
        if (parents > 0 && dirty[parents - 1] == parent) {
          continue; // both children were dirty
        }
        dirty[parents++] = parent;
        int left = 2 * parent;
        if (left + 1 < nodes) {
          h.inner(levels[l - 1], left * HASH, levels[l], parent * HASH);
        } else {
          System.arraycopy(levels[l - 1], left * HASH, levels[l], parent * HASH, HASH);
        }
      }
      dirtyCount = parents;
      nodes = (nodes + 1) / 2;
    }
    byte[] root = new byte[HASH];
    System.arraycopy(levels[levels.length - 1], 0, root, 0, HASH);
    return new RankTree(levels, n, root, focus, text, textStart);
  }

  /** One thread's digest and buffers. */
  private static final class Hasher {
    private final MessageDigest md = sha256();
    /** 0x00 ‖ be64(j) ‖ be64(focus_j) ‖ utf8(cid_j), one leaf at a time. */
    private final byte[] leaf;
    /** 0x01 ‖ left ‖ right. */
    private final byte[] pair = new byte[1 + 2 * HASH];
    /** The nodes of one block of leaves, level by level in place (node 0 ends as its root). */
    final byte[] nodes = new byte[BLOCK * HASH];

    Hasher(int longestText) {
      leaf = new byte[LEAF_HEAD + longestText];
      pair[0] = 1;
    }

    /** Leaves [first, first + leaves) into nodes, then up to the block's root in nodes[0..32). */
    void block(long[] focus, byte[] text, int[] textStart, int first, int leaves) {
      for (int k = 0; k < leaves; k++) {
        int j = first + k;
        int off = textStart[j];
        int len = textStart[j + 1] - off;
        BIG_ENDIAN_LONG.set(leaf, 1, (long) j);
        BIG_ENDIAN_LONG.set(leaf, 9, focus[j]);
        System.arraycopy(text, off, leaf, LEAF_HEAD, len);
        md.update(leaf, 0, LEAF_HEAD + len);
        digestInto(md, nodes, k * HASH);
      }
      for (int count = leaves; count > 1; count = (count + 1) / 2) {
        for (int p = 0; 2 * p < count; p++) {
          if (2 * p + 1 < count) {
            inner(nodes, 2 * p * HASH, nodes, p * HASH);
          } else {
            System.arraycopy(nodes, 2 * p * HASH, nodes, p * HASH, HASH);
          }
        }
      }
    }

    /** SHA256(0x01 ‖ the two nodes at {@code in[at..at+64)}) into {@code out[to..to+32)}. */
    void inner(byte[] in, int at, byte[] out, int to) {
      System.arraycopy(in, at, pair, 1, 2 * HASH);
      md.update(pair, 0, pair.length); // one update for the whole message
      digestInto(md, out, to);
    }
  }

  /** The root; SHA256("") for no particles. */
  public byte[] root() {
    return root.clone();
  }

  public int size() {
    return size;
  }

  /** The audit path of leaf {@code index}, bottom-up (RFC 6962 PATH). */
  public List<byte[]> path(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("no particle " + index + " of " + size);
    }
    List<byte[]> path = new ArrayList<>();
    // the levels below LOW, rehashed within the leaf's block (its nodes are exactly the
    // tree's nodes there, and a sibling outside the block's count is outside the tree's)
    int first = (index >>> LOW) << LOW;
    int count = Math.min(BLOCK, size - first);
    int longest = 0;
    for (int j = first; j < first + count; j++) {
      longest = Math.max(longest, textStart[j + 1] - textStart[j]);
    }
    Hasher h = new Hasher(longest);
    byte[] below = new byte[BLOCK * HASH];
    int i = index - first;
    for (int k = 0; k < count; k++) { // the leaf level, then each level above in place
      h.block(focus, text, textStart, first + k, 1);
      System.arraycopy(h.nodes, 0, below, k * HASH, HASH);
    }
    for (int l = 0; l < LOW; l++) {
      int sibling = i ^ 1;
      if (sibling < count) {
        byte[] s = new byte[HASH];
        System.arraycopy(below, sibling * HASH, s, 0, HASH);
        path.add(s);
      }
      for (int p = 0; 2 * p < count; p++) {
        if (2 * p + 1 < count) {
          h.inner(below, 2 * p * HASH, below, p * HASH);
        } else {
          System.arraycopy(below, 2 * p * HASH, below, p * HASH, HASH);
        }
      }
      i >>= 1;
      count = (count + 1) / 2;
    }
    // the kept levels
    i = index >>> LOW;
    count = (size + BLOCK - 1) >>> LOW;
    for (int l = 0; l < levels.length - 1; l++) {
      int sibling = i ^ 1;
      if (sibling < count) {
        byte[] s = new byte[HASH];
        System.arraycopy(levels[l], sibling * HASH, s, 0, HASH);
        path.add(s);
      }
      i >>= 1;
      count = (count + 1) / 2;
    }
    return path;
  }

  /** SHA256(0x00 ‖ be64(index) ‖ be64(focus) ‖ utf8(cid)). */
  public static byte[] leafHash(long index, long focus, String cid) {
    byte[] out = new byte[HASH];
    leafHash(sha256(), index, focus, cid, out, 0);
    return out;
  }

  private static void leafHash(
      MessageDigest md, long index, long focus, String cid, byte[] out, int offset) {
    byte[] head = ByteBuffer.allocate(17).put((byte) 0).putLong(index).putLong(focus).array();
    md.update(head);
    md.update(cid.getBytes(StandardCharsets.UTF_8));
    digestInto(md, out, offset);
  }

  static byte[] inner(byte[] left, byte[] right) {
    MessageDigest md = sha256();
    md.update((byte) 1);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  private static void digestInto(MessageDigest md, byte[] out, int offset) {
    try {
      md.digest(out, offset, HASH);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private interface Range {
    void run(int from, int to);
  }

  private static void forChunks(int count, int parallelMin, WorkerPool pool, Range range) {
    if (count < parallelMin || pool.threads() == 1) {
      range.run(0, count);
      return;
    }
    RowPartition parts = RowPartition.even(count, pool.chunks());
    pool.forEach(parts.chunks(), c -> range.run(parts.from(c), parts.to(c)));
  }
}
