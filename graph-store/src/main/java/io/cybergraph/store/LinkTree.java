package io.cybergraph.store;

import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.proto.merkle.MerkleFrontier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.rocksdb.WriteBatch;

/**
 * Serves RFC 6962 inclusion proofs for the link log ({@code links_root}) without reading all
 * leaves. The family {@code link_tree} (level ‖ start → 32-byte hash) keeps the hash of every
 * complete perfect subtree whose level is a multiple of 4 (16, 256, 4096, … leaves), about n/15
 * hashes for n links; they are the nodes the block's {@link MerkleFrontier} completes. Any other
 * subtree hash is recomputed: levels 1–3 from at most 8 leaves rebuilt from the link records
 * (one 16-leaf group is read per proof), levels 4k+1…4k+3 from the 2–8 adjacent stored hashes
 * below them (one range scan each).
 */
public final class LinkTree {
  /** Stored levels are the multiples of this. */
  static final int STEP = 4;

  private final Db db;
  private final LinkLog log;
  private final ParticleTable particles;
  private final LongSupplier linkCount;

  LinkTree(Db db, LinkLog log, ParticleTable particles, LongSupplier linkCount) {
    this.db = db;
    this.log = log;
    this.particles = particles;
    this.linkCount = linkCount;
  }

  /** The links root over all links stored so far. */
  public byte[] root() {
    return root(linkCount.getAsLong());
  }

  /** The links root over the first {@code treeSize} links (the root as it was at that size). */
  public byte[] root(long treeSize) {
    checkTreeSize(treeSize);
    if (treeSize == 0) {
      return Hashes.EMPTY_SHA256.clone();
    }
    MerkleFrontier.NodeSource nodes = nodes(new HashMap<>());
    // fold the perfect subtrees of treeSize's binary decomposition, right to left
    List<byte[]> parts = new ArrayList<>();
    long start = 0;
    for (int level = 63 - Long.numberOfLeadingZeros(treeSize); level >= 0; level--) {
      if ((treeSize >>> level & 1) == 1) {
        parts.add(nodes.hash(start, level));
        start += 1L << level;
      }
    }
    byte[] root = parts.get(parts.size() - 1);
    for (int i = parts.size() - 2; i >= 0; i--) {
      root = Merkle.innerHash(parts.get(i), root);
    }
    return root;
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
    Map<Long, byte[]> leaves = new HashMap<>();
    List<byte[]> path = MerkleFrontier.proof(nodes(leaves), seq, treeSize);
    if (!leaves.containsKey(seq)) { // a tree of one leaf has an empty path
      loadGroup(seq, leaves);
    }
    return new LinkProof(seq, treeSize, leaves.get(seq), List.copyOf(path));
  }

  /** The protocol's leaf of a link: its neuron, both particle keys and its height. */
  static byte[] leaf(byte[] neuron, byte[] fromKey, byte[] toKey, long height) {
    return AppHash.linkLeaf(neuron, fromKey, toKey, height);
  }

  /** Adds a completed subtree to the batch if its level is one the store keeps. */
  void putIfKept(WriteBatch batch, long start, int level, byte[] hash) {
    if (level % STEP == 0) {
      db.put(batch, Column.LINK_TREE, key(level, start), hash);
    }
  }

  private void checkTreeSize(long treeSize) {
    long count = linkCount.getAsLong();
    if (treeSize < 0 || treeSize > count) {
      throw new IllegalArgumentException(
          "link tree size " + treeSize + " is outside 0.." + count + " (links stored)");
    }
  }

  /**
   * Perfect-subtree hashes for one proof or root: stored levels from the family, the rest
   * recomputed, leaves rebuilt a 16-group at a time (and kept in {@code leaves}).
   */
  private MerkleFrontier.NodeSource nodes(Map<Long, byte[]> leaves) {
    MerkleFrontier.NodeSource stored =
        (start, level) -> {
          int base = level / STEP * STEP; // the highest stored level at or below this one
          if (base == 0) {
            return null; // levels 1-3: recomputed from the leaves
          }
          if (level == base) {
            byte[] hash = db.get(Column.LINK_TREE, key(level, start));
            if (hash == null) {
              throw new StoreException("link tree lacks the level " + level + " node at " + start);
            }
            return hash;
          }
          // the 2^(level - base) stored nodes under this one are adjacent keys: one scan
          List<byte[]> hashes = new ArrayList<>();
          db.scan(
              Column.LINK_TREE, key(base, start), key(base, start + (1L << level)),
              (k, v) -> hashes.add(v));
          if (hashes.size() != 1 << (level - base)) {
            throw new StoreException("link tree lacks level " + base + " nodes under " + start);
          }
          return perfectRoot(hashes);
        };
    Map<Long, byte[]> leafHashes = new HashMap<>();
    return MerkleFrontier.fromLeafHashes(
        seq -> {
          if (!leaves.containsKey(seq)) {
            loadGroup(seq, leaves);
          }
          return leafHashes.computeIfAbsent(seq, s -> Merkle.leafHash(leaves.get(s)));
        },
        stored);
  }

  /** Rebuilds the leaves of the 16-group holding link {@code seq} into {@code leaves}. */
  private void loadGroup(long seq, Map<Long, byte[]> leaves) {
    long group = seq >> STEP << STEP;
    List<byte[]> rebuilt = leaves(log.entries(group, group + (1L << STEP)));
    for (int i = 0; i < rebuilt.size(); i++) {
      leaves.put(group + i, rebuilt.get(i));
    }
  }

  /** The leaves of stored links, with their particles' keys read in one call. */
  private List<byte[]> leaves(List<LinkLog.Entry> entries) {
    int[] ends = new int[entries.size() * 2];
    for (int i = 0; i < entries.size(); i++) {
      ends[2 * i] = entries.get(i).from();
      ends[2 * i + 1] = entries.get(i).to();
    }
    List<byte[]> p = particles.keysOf(ends);
    List<byte[]> leaves = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      LinkLog.Entry e = entries.get(i);
      leaves.add(leaf(e.neuron(), p.get(2 * i), p.get(2 * i + 1), e.height()));
    }
    return leaves;
  }

  /** The root of a perfect tree over a power-of-two count of adjacent hashes. */
  private static byte[] perfectRoot(List<byte[]> hashes) {
    List<byte[]> level = hashes;
    while (level.size() > 1) {
      List<byte[]> up = new ArrayList<>(level.size() / 2);
      for (int i = 0; i < level.size(); i += 2) {
        up.add(Merkle.innerHash(level.get(i), level.get(i + 1)));
      }
      level = up;
    }
    return level.get(0);
  }

  static byte[] key(int level, long start) {
    byte[] key = new byte[9];
    key[0] = (byte) level;
    Keys.putU64(key, 1, start);
    return key;
  }
}
