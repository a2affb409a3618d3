package io.cybergraph.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.rocksdb.WriteBatch;

/**
 * Serves RFC 6962 inclusion proofs for the link log ({@code links_root}) without reading all
 * leaves. The family {@code link_tree} (level ‖ index → 32-byte hash) keeps the hash of every
 * complete, aligned perfect subtree whose level is a multiple of 4 (16, 256, 4096, … leaves):
 * about n/15 hashes for n links. Any other subtree hash is recomputed: levels 1–3 from at most
 * 16 leaves rebuilt from the link records, levels 4k+1…4k+3 from at most 8 stored hashes.
 */
public final class LinkTree {
  static final int STEP = 4;
  static final int GROUP = 1 << STEP;

  private final Db db;
  private final LinkLog log;
  private final ParticleTable particles;
  private final LinkLeaf leafEncoding;
  private final LongSupplier linkCount;

  LinkTree(Db db, LinkLog log, ParticleTable particles, LinkLeaf leafEncoding, LongSupplier linkCount) {
    this.db = db;
    this.log = log;
    this.particles = particles;
    this.leafEncoding = leafEncoding;
    this.linkCount = linkCount;
  }

  /** The links root over all links stored so far. */
  public byte[] root() {
    return root(linkCount.getAsLong());
  }

  /** The links root over the first {@code treeSize} links (the root as it was at that size). */
  public byte[] root(long treeSize) {
    checkTreeSize(treeSize);
    return treeSize == 0 ? TreeHash.empty() : new Nodes().subtree(0, treeSize);
  }

  /** Inclusion proof of link {@code seq} against the root over all links stored so far. */
  public LinkProof proof(long seq) {
    return proof(seq, linkCount.getAsLong());
  }

  /** Inclusion proof of link {@code seq} against {@link #root(long) root(treeSize)}. */
  public LinkProof proof(long seq, long treeSize) {
    checkTreeSize(treeSize);
    if (seq < 0 || seq >= treeSize) {
      throw new IllegalArgumentException(
          "link " + seq + " is not in a link tree of " + treeSize + " links");
    }
    LinkLog.Entry e = log.entry(seq);
    List<Particle> ends = particles.byIndices(new int[] {e.from(), e.to()});
    byte[] leaf = leafEncoding.encode(e.neuron(), ends.get(0), ends.get(1), e.height());
    List<byte[]> path = new ArrayList<>();
    new Nodes().auditPath(seq, 0, treeSize, path);
    return new LinkProof(seq, treeSize, leaf, List.copyOf(path));
  }

  /**
   * Adds to the batch the stored subtree hashes completed by appending {@code newLeafHashes}
   * (leaf hashes of links {@code oldCount …}) to a log of {@code oldCount} links.
   */
  void append(WriteBatch batch, long oldCount, List<byte[]> newLeafHashes) {
    long newCount = oldCount + newLeafHashes.size();
    // run: consecutive hashes one level below the level being completed, starting at the
    // first child of the first node that this block completes
    long runStart = (oldCount >> STEP) << STEP;
    List<byte[]> run = new ArrayList<>(storedLeafHashes(runStart, oldCount));
    run.addAll(newLeafHashes);
    for (int level = STEP; level < 64; level += STEP) {
      long first = oldCount >> level;
      long end = newCount >> level;
      if (first >= end) {
        break; // nothing completes at this level, so nothing above either
      }
      List<byte[]> completed = new ArrayList<>();
      for (long i = first; i < end; i++) {
        int offset = (int) (i * GROUP - runStart);
        byte[] hash = perfectRoot(run.subList(offset, offset + GROUP));
        db.put(batch, Column.LINK_TREE, key(level, i), hash);
        completed.add(hash);
      }
      long nextStart = (first >> STEP) << STEP;
      run = storedNodes(level, nextStart, first);
      run.addAll(completed);
      runStart = nextStart;
    }
  }

  private void checkTreeSize(long treeSize) {
    long count = linkCount.getAsLong();
    if (treeSize < 0 || treeSize > count) {
      throw new IllegalArgumentException(
          "link tree size " + treeSize + " is outside 0.." + count + " (links stored)");
    }
  }

  /** Leaf hashes of stored links {@code from <= seq < to}, rebuilt from the link records. */
  private List<byte[]> storedLeafHashes(long from, long to) {
    if (from >= to) {
      return List.of();
    }
    List<LinkLog.Entry> entries = log.entries(from, to);
    if (entries.size() != to - from) {
      throw new StoreException("link log lacks links in " + from + ".." + (to - 1));
    }
    int[] ends = new int[entries.size() * 2];
    for (int i = 0; i < entries.size(); i++) {
      ends[2 * i] = entries.get(i).from();
      ends[2 * i + 1] = entries.get(i).to();
    }
    List<Particle> p = particles.byIndices(ends);
    List<byte[]> hashes = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      LinkLog.Entry e = entries.get(i);
      hashes.add(TreeHash.leaf(leafEncoding.encode(e.neuron(), p.get(2 * i), p.get(2 * i + 1), e.height())));
    }
    return hashes;
  }

  /** Stored hashes at {@code level} for indices {@code from <= i < to}. */
  private List<byte[]> storedNodes(int level, long from, long to) {
    List<byte[]> hashes = new ArrayList<>();
    if (from < to) {
      db.scan(Column.LINK_TREE, key(level, from), key(level, to), (k, v) -> hashes.add(v));
      if (hashes.size() != to - from) {
        throw new StoreException("link tree lacks level " + level + " nodes in " + from + ".." + (to - 1));
      }
    }
    return hashes;
  }

  private static byte[] perfectRoot(List<byte[]> hashes) {
    List<byte[]> level = hashes;
    while (level.size() > 1) {
      List<byte[]> up = new ArrayList<>(level.size() / 2);
      for (int i = 0; i < level.size(); i += 2) {
        up.add(TreeHash.node(level.get(i), level.get(i + 1)));
      }
      level = up;
    }
    return level.get(0);
  }

  static byte[] key(int level, long index) {
    return ByteBuffer.allocate(9).put((byte) level).putLong(index).array();
  }

  /** Subtree hashes for one proof or root, with the leaves of a 16-group read once. */
  private final class Nodes {
    private final Map<Long, byte[]> leaves = new HashMap<>();

    /** RFC 6962 PATH(m, D[lo:hi]): siblings from the leaf up, appended to {@code path}. */
    void auditPath(long m, long lo, long hi, List<byte[]> path) {
      if (hi - lo == 1) {
        return;
      }
      long k = Long.highestOneBit(hi - lo - 1);
      if (m < lo + k) {
        auditPath(m, lo, lo + k, path);
        path.add(subtree(lo + k, hi));
      } else {
        auditPath(m, lo + k, hi, path);
        path.add(subtree(lo, lo + k));
      }
    }

    /** RFC 6962 MTH(D[lo:hi]); a power-of-two range here is always aligned to its size. */
    byte[] subtree(long lo, long hi) {
      long size = hi - lo;
      if (Long.bitCount(size) == 1) {
        int level = Long.numberOfTrailingZeros(size);
        return perfect(level, lo >> level);
      }
      long k = Long.highestOneBit(size);
      return TreeHash.node(subtree(lo, lo + k), subtree(lo + k, hi));
    }

    private byte[] perfect(int level, long index) {
      if (level == 0) {
        return leaf(index);
      }
      if (level % STEP == 0) {
        byte[] hash = db.get(Column.LINK_TREE, key(level, index));
        if (hash == null) {
          throw new StoreException("link tree lacks node " + index + " at level " + level);
        }
        return hash;
      }
      return TreeHash.node(perfect(level - 1, 2 * index), perfect(level - 1, 2 * index + 1));
    }

    private byte[] leaf(long seq) {
      byte[] hash = leaves.get(seq);
      if (hash == null) {
        long start = (seq >> STEP) << STEP;
        long end = Math.min(start + GROUP, linkCount.getAsLong());
        List<byte[]> group = storedLeafHashes(start, end);
        for (int i = 0; i < group.size(); i++) {
          leaves.put(start + i, group.get(i));
        }
        hash = leaves.get(seq);
      }
      return hash;
    }
  }
}
