package io.cybergraph.proto.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.proto.crypto.Hashes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTest {

  private static final HexFormat HEX = HexFormat.of();

  /** RFC 6962 MTH written directly from section 2.1, with byte concatenation and no reuse. */
  static byte[] referenceRoot(List<byte[]> d) {
    int n = d.size();
    if (n == 0) {
      return Hashes.sha256();
    }
    if (n == 1) {
      return Hashes.sha256(new byte[] {0}, d.get(0));
    }
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return Hashes.sha256(
        new byte[] {1}, referenceRoot(d.subList(0, k)), referenceRoot(d.subList(k, n)));
  }

  /** RFC 6962 PATH(m, D[n]) written directly from section 2.1.1. */
  static List<byte[]> referencePath(int m, List<byte[]> d) {
    int n = d.size();
    List<byte[]> path = new ArrayList<>();
    if (n <= 1) {
      return path;
    }
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    if (m < k) {
      path.addAll(referencePath(m, d.subList(0, k)));
      path.add(referenceRoot(d.subList(k, n)));
    } else {
      path.addAll(referencePath(m - k, d.subList(k, n)));
      path.add(referenceRoot(d.subList(0, k)));
    }
    return path;
  }

  static List<byte[]> leaves(int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(new byte[] {(byte) i, (byte) (i >> 8), (byte) 0xaa});
    }
    return leaves;
  }

  @Test
  void knownRoots() {
    // empty tree and the one-leaf tree over the empty leaf (RFC 6962 / Certificate Transparency)
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        HEX.formatHex(Merkle.root(List.of())));
    assertEquals(
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        HEX.formatHex(Merkle.root(List.of(new byte[0]))));
    // the 8-leaf test tree of the Certificate Transparency reference implementation
    List<byte[]> ct =
        List.of(
            new byte[0],
            HEX.parseHex("00"),
            HEX.parseHex("10"),
            HEX.parseHex("2021"),
            HEX.parseHex("3031"),
            HEX.parseHex("40414243"),
            HEX.parseHex("5051525354555657"),
            HEX.parseHex("606162636465666768696a6b6c6d6e6f"));
    assertEquals(
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        HEX.formatHex(Merkle.root(ct)));
    assertEquals(
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        HEX.formatHex(Merkle.root(ct.subList(0, 2))));
  }

  @Test
  void rootsAndPathsMatchTheDirectDefinition() {
    for (int n = 0; n <= 70; n++) {
      List<byte[]> leaves = leaves(n);
      byte[] root = Merkle.root(leaves);
      assertArrayEquals(referenceRoot(leaves), root, "root of " + n);
      for (int i = 0; i < n; i++) {
        List<byte[]> path = Merkle.proof(leaves, i);
        assertPathEquals(referencePath(i, leaves), path);
        assertTrue(Merkle.verify(root, leaves.get(i), i, n, path), "leaf " + i + " of " + n);
      }
    }
  }

  @Test
  void tamperedProofsFail() {
    int n = 37;
    List<byte[]> leaves = leaves(n);
    byte[] root = Merkle.root(leaves);
    for (int i = 0; i < n; i++) {
      List<byte[]> path = Merkle.proof(leaves, i);
      assertFalse(Merkle.verify(root, leaves.get((i + 1) % n), i, n, path), "other leaf");
      assertFalse(Merkle.verify(root, leaves.get(i), (i + 1) % n, n, path), "other index");
      // the tree size is bound by the root, not by the path: a size giving the path another
      // shape must fail (a size of the same shape computes the same root, as in RFC 9162)
      assertFalse(Merkle.verify(root, leaves.get(i), i, 4L * n, path), "other size");
      for (int j = 0; j < path.size(); j++) {
        List<byte[]> bad = new ArrayList<>(path);
        byte[] sibling = bad.get(j).clone();
        sibling[5] ^= 1;
        bad.set(j, sibling);
        assertFalse(Merkle.verify(root, leaves.get(i), i, n, bad), "sibling " + j);
      }
      List<byte[]> shorter = path.subList(0, path.size() - 1);
      assertFalse(Merkle.verify(root, leaves.get(i), i, n, shorter), "short path");
      List<byte[]> longer = new ArrayList<>(path);
      longer.add(root);
      assertFalse(Merkle.verify(root, leaves.get(i), i, n, longer), "long path");
    }
    assertFalse(Merkle.verify(root, leaves.get(0), -1, n, Merkle.proof(leaves, 0)));
    assertNull(Merkle.rootFromPath(new byte[32], 5, 5, List.of()));
    assertThrows(IndexOutOfBoundsException.class, () -> Merkle.proof(leaves, n));
  }

  @Test
  void frontierRootEqualsBatchRootForEverySizeUpTo300() {
    List<byte[]> leaves = leaves(300);
    MerkleFrontier frontier = new MerkleFrontier();
    List<byte[]> leafHashes = new ArrayList<>();
    for (int n = 0; n <= 300; n++) {
      byte[] expected = Merkle.root(leaves.subList(0, n));
      assertEquals(n, frontier.size());
      assertArrayEquals(expected, frontier.root(), "frontier root at size " + n);
      MerkleFrontier restored = MerkleFrontier.fromBytes(frontier.toBytes());
      assertArrayEquals(expected, restored.root(), "restored root at size " + n);
      assertEquals(8 + 32 * Long.bitCount(n), frontier.toBytes().length);
      if (n < 300) {
        // continue on the restored copy half of the time: it must behave the same
        if (n % 2 == 1) {
          frontier = restored;
        }
        assertEquals(n, frontier.append(leaves.get(n)));
        leafHashes.add(Merkle.leafHash(leaves.get(n)));
      }
    }
  }

  @Test
  void proofsFromLeafHashesEqualBatchProofs() {
    List<byte[]> leaves = leaves(100);
    List<byte[]> leafHashes = new ArrayList<>();
    for (byte[] leaf : leaves) {
      leafHashes.add(Merkle.leafHash(leaf));
    }
    for (int n : new int[] {1, 2, 3, 7, 8, 9, 31, 64, 65, 100}) {
      byte[] root = Merkle.root(leaves.subList(0, n));
      for (int i = 0; i < n; i++) {
        List<byte[]> path = MerkleFrontier.proofFromLeafHashes(j -> leafHashes.get((int) j), i, n);
        assertPathEquals(Merkle.proof(leaves.subList(0, n), i), path);
        assertTrue(Merkle.verify(root, leaves.get(i), i, n, path));
      }
    }
  }

  @Test
  void sinkReportsCompletedSubtreesThatProofsCanReuse() {
    List<byte[]> leaves = leaves(77);
    MerkleFrontier frontier = new MerkleFrontier();
    java.util.Map<String, byte[]> stored = new java.util.HashMap<>();
    List<byte[]> leafHashes = new ArrayList<>();
    for (byte[] leaf : leaves) {
      byte[] h = Merkle.leafHash(leaf);
      leafHashes.add(h);
      frontier.appendLeafHash(h, (start, level, hash) -> stored.put(start + "/" + level, hash));
    }
    // each reported node is the root of its range
    stored.forEach(
        (key, hash) -> {
          String[] parts = key.split("/");
          int start = Integer.parseInt(parts[0]);
          int level = Integer.parseInt(parts[1]);
          assertArrayEquals(Merkle.root(leaves.subList(start, start + (1 << level))), hash, key);
        });
    assertEquals(77 - Long.bitCount(77), stored.size());
    // a source that knows only the stored nodes of level 3 and up, leaf hashes for the rest
    int[] leafReads = {0};
    MerkleFrontier.NodeSource source =
        MerkleFrontier.fromLeafHashes(
            j -> {
              leafReads[0]++;
              return leafHashes.get((int) j);
            },
            (start, level) -> level >= 3 ? stored.get(start + "/" + level) : null);
    List<byte[]> path = MerkleFrontier.proof(source, 5, 77);
    assertTrue(Merkle.verify(frontier.root(), leaves.get(5), 5, 77, path));
    assertTrue(leafReads[0] < 20, "reads " + leafReads[0]);
  }

  @Test
  void malformedFrontierBytesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> MerkleFrontier.fromBytes(new byte[7]));
    byte[] sizeThreeNoHashes = {0, 0, 0, 0, 0, 0, 0, 3};
    assertThrows(IllegalArgumentException.class, () -> MerkleFrontier.fromBytes(sizeThreeNoHashes));
    byte[] negative = new byte[8];
    negative[0] = (byte) 0x80;
    assertThrows(IllegalArgumentException.class, () -> MerkleFrontier.fromBytes(negative));
    assertEquals(0, MerkleFrontier.fromBytes(new byte[8]).size());
  }

  private static void assertPathEquals(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "path element " + i);
    }
  }

  @Test
  void proofsFromLeafHashesAreTheProofsFromLeaves() {
    for (int n = 1; n <= 20; n++) {
      List<byte[]> leaves = new ArrayList<>();
      List<byte[]> hashes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] leaf = ("leaf " + n + "/" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        leaves.add(leaf);
        hashes.add(Merkle.leafHash(leaf));
      }
      for (int i = 0; i < n; i++) {
        List<byte[]> a = Merkle.proof(leaves, i);
        List<byte[]> b = Merkle.proofOfLeafHashes(hashes, i);
        assertEquals(a.size(), b.size(), "n " + n + " i " + i);
        for (int k = 0; k < a.size(); k++) {
          assertArrayEquals(a.get(k), b.get(k), "n " + n + " i " + i + " step " + k);
        }
        assertTrue(Merkle.verify(Merkle.root(leaves), leaves.get(i), i, n, b));
      }
      int size = n;
      assertThrows(IndexOutOfBoundsException.class, () -> Merkle.proofOfLeafHashes(hashes, size));
    }
  }
}
