package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.proto.crypto.Hashes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The RFC 6962 tree over the accounts' leaf hashes in address order, with every aligned perfect
 * subtree hash cached (level L, node i covers leaves [i·2^L, (i+1)·2^L)). The root folds the
 * perfect subtrees given by the set bits of n, largest first, which is RFC 6962's MTH.
 *
 * <p>A change of u existing accounts rehashes u paths (u · log n hashes); a new account at
 * position p rehashes everything right of p (about 2 · (n − p) hashes), since every later leaf
 * moves. Immutable: {@link #with} returns a new tree sharing the unchanged arrays' contents.
 */
final class AccountsTree {
  private static final byte INNER_PREFIX = 0x01;

  private final ByteKey[] order; // sorted addresses, position = leaf index
  private final List<byte[][]> levels; // levels.get(0) = leaf hashes; level L has n >> L nodes
  private final byte[] root;

  private AccountsTree(ByteKey[] order, List<byte[][]> levels) {
    this.order = order;
    this.levels = levels;
    this.root = fold(levels, order.length);
  }

  static AccountsTree empty() {
    return new AccountsTree(new ByteKey[0], Collections.singletonList(new byte[0][]));
  }

  byte[] root() {
    return root.clone();
  }

  int size() {
    return order.length;
  }

  /** The tree with {@code changes} (address → new leaf hash; new addresses are inserted). */
  AccountsTree with(SortedMap<ByteKey, byte[]> changes) {
    if (changes.isEmpty()) {
      return this;
    }
    int n = order.length;
    int inserts = 0;
    int[] at = new int[changes.size()];
    int k = 0;
    for (ByteKey address : changes.keySet()) {
      at[k] = Arrays.binarySearch(order, address);
      inserts += at[k] < 0 ? 1 : 0;
      k++;
    }
    byte[][] oldLeaves = levels.get(0);
    ByteKey[] newOrder = order;
    byte[][] leaves;
    BitSet dirty = new BitSet();
    if (inserts == 0) {
      leaves = oldLeaves.clone();
      k = 0;
      for (byte[] leafHash : changes.values()) {
        leaves[at[k]] = leafHash;
        dirty.set(at[k++]);
      }
    } else {
      newOrder = new ByteKey[n + inserts];
      leaves = new byte[n + inserts][];
      int copied = 0; // old leaves copied so far
      int out = 0;
      int firstInsert = -1;
      k = 0;
      for (Map.Entry<ByteKey, byte[]> change : changes.entrySet()) {
        int position = at[k] >= 0 ? at[k] : -at[k] - 1;
        int run = position - copied;
        System.arraycopy(order, copied, newOrder, out, run);
        System.arraycopy(oldLeaves, copied, leaves, out, run);
        out += run;
        copied = position + (at[k] >= 0 ? 1 : 0); // an update replaces the old leaf
        if (at[k] < 0 && firstInsert < 0) {
          firstInsert = out;
        }
        newOrder[out] = change.getKey();
        leaves[out] = change.getValue();
        dirty.set(out++);
        k++;
      }
      System.arraycopy(order, copied, newOrder, out, n - copied);
      System.arraycopy(oldLeaves, copied, leaves, out, n - copied);
      dirty.set(firstInsert, newOrder.length); // every leaf from the first insert on moved
    }
    int newSize = newOrder.length;
    List<byte[][]> newLevels = new ArrayList<>();
    newLevels.add(leaves);
    MessageDigest digest = Hashes.newSha256();
    for (int level = 1; (newSize >> level) > 0; level++) {
      byte[][] below = newLevels.get(level - 1);
      int count = newSize >> level;
      byte[][] old = level < levels.size() ? levels.get(level) : new byte[0][];
      byte[][] nodes = Arrays.copyOf(old, count);
      BitSet up = new BitSet();
      for (int d = dirty.nextSetBit(0); d >= 0; d = dirty.nextSetBit(d + 1)) {
        int parent = d >> 1;
        if (parent >= count) {
          break;
        }
        if (!up.get(parent)) {
          up.set(parent);
          nodes[parent] = inner(digest, below[2 * parent], below[2 * parent + 1]);
        }
      }
      newLevels.add(nodes);
      dirty = up;
    }
    return new AccountsTree(newOrder, newLevels);
  }

  /** RFC 6962 root of n leaves from the aligned perfect subtrees of the set bits of n. */
  private static byte[] fold(List<byte[][]> levels, int n) {
    if (n == 0) {
      return Hashes.EMPTY_SHA256.clone();
    }
    MessageDigest digest = Hashes.newSha256();
    byte[] r = null;
    // right to left: the smallest subtree ends at n
    int end = n;
    for (int level = 0; level < 32; level++) {
      if (((n >> level) & 1) == 1) {
        int start = end - (1 << level);
        byte[] subtree = levels.get(level)[start >> level];
        r = r == null ? subtree : inner(digest, subtree, r);
        end = start;
      }
    }
    return r;
  }

  private static byte[] inner(MessageDigest digest, byte[] left, byte[] right) {
    digest.update(INNER_PREFIX);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }
}
