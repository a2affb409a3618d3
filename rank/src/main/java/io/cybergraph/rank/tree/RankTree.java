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
 * gives the same root as RFC 6962's split at the largest power of two below n. Every level is
 * kept, so an audit path is read off in O(log n).
 */
public final class RankTree {
  static final int HASH = 32;
  private static final int PARALLEL_MIN = 4096;
  /** 0x00 ‖ be64(index) ‖ be64(focus) before a leaf's text. */
  private static final int LEAF_HEAD = 17;

  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** levels[0] holds the leaf hashes, the last level the root; empty tree: no levels. */
  private final byte[][] levels;

  private final int size;
  private final byte[] root;

  private RankTree(byte[][] levels, int size, byte[] root) {
    this.levels = levels;
    this.size = size;
    this.root = root;
  }

  /** The tree of no particles: root SHA256(""). */
  public static RankTree empty() {
    return new RankTree(new byte[0][], 0, sha256().digest());
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
   * The tree over {@code focus} (index order) with the particle texts {@code texts} (at least
   * one per focus value; the first {@code focus.length} are used).
   */
  public static RankTree build(long[] focus, ParticleTexts texts, WorkerPool pool) {
    int n = focus.length;
    if (n == 0) {
      return empty();
    }
    if (texts.size() < n) {
      throw new IllegalArgumentException(texts.size() + " particle texts for " + n + " leaves");
    }
    List<byte[]> levels = new ArrayList<>();
    byte[] leaves = new byte[Math.multiplyExact(n, HASH)];
    byte[] text = texts.bytes();
    forChunks(
        n,
        pool,
        (from, to) -> {
          // one message buffer per chunk: 0x00 ‖ be64(j) ‖ be64(focus_j) ‖ utf8(cid_j)
          MessageDigest md = sha256();
          byte[] msg = new byte[LEAF_HEAD + texts.longest()];
          for (int j = from; j < to; j++) {
            int off = texts.offset(j);
            int len = texts.offset(j + 1) - off;
            BIG_ENDIAN_LONG.set(msg, 1, (long) j);
            BIG_ENDIAN_LONG.set(msg, 9, focus[j]);
            System.arraycopy(text, off, msg, LEAF_HEAD, len);
            md.update(msg, 0, LEAF_HEAD + len);
            digestInto(md, leaves, j * HASH);
          }
        });
    levels.add(leaves);
    int count = n;
    byte[] level = leaves;
    while (count > 1) {
      int parents = (count + 1) / 2;
      byte[] up = new byte[parents * HASH];
      byte[] below = level;
      int belowCount = count;
      forChunks(
          parents,
          pool,
          (from, to) -> {
            MessageDigest md = sha256();
            byte[] msg = new byte[1 + 2 * HASH];
            msg[0] = 1;
            for (int p = from; p < to; p++) {
              int left = 2 * p;
              if (left + 1 < belowCount) {
                System.arraycopy(below, left * HASH, msg, 1, 2 * HASH);
                md.update(msg, 0, msg.length); // one update: 0x01 ‖ left ‖ right
                digestInto(md, up, p * HASH);
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
    return new RankTree(levels.toArray(new byte[0][]), n, root);
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
    int i = index;
    int count = size;
    for (int l = 0; l < levels.length - 1; l++) {
      int sibling = i ^ 1;
      if (sibling < count) {
        byte[] h = new byte[HASH];
        System.arraycopy(levels[l], sibling * HASH, h, 0, HASH);
        path.add(h);
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

  private static void forChunks(int count, WorkerPool pool, Range range) {
    if (count < PARALLEL_MIN || pool.threads() == 1) {
      range.run(0, count);
      return;
    }
    RowPartition parts = RowPartition.even(count, pool.chunks());
    pool.forEach(parts.chunks(), c -> range.run(parts.from(c), parts.to(c)));
  }
}
