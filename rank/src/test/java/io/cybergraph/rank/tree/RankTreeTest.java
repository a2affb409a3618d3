package io.cybergraph.rank.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.rank.parallel.WorkerPool;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankTreeTest {

  /** RFC 6962 MTH written from its recursive definition. */
  private static byte[] mth(List<byte[]> leaves, int from, int to) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    if (to - from == 1) {
      return leaves.get(from);
    }
    int k = 1;
    while (k * 2 < to - from) {
      k *= 2;
    }
    md.update((byte) 1);
    md.update(mth(leaves, from, from + k));
    md.update(mth(leaves, from + k, to));
    return md.digest();
  }

  private static long[] focus(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] f = new long[n];
    for (int j = 0; j < n; j++) {
      f[j] = rnd.nextLong(1L << 61);
    }
    return f;
  }

  @Test
  void emptyTreeIsTheHashOfNothing() {
    assertArrayEquals(
        HexFormat.of().parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        RankTree.empty().root());
  }

  @Test
  void rootIsRfc6962ForEverySizeAndThreadCount() throws Exception {
    try (WorkerPool one = new WorkerPool(1);
        WorkerPool three = new WorkerPool(3)) {
      for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 17, 31, 33, 100, 5000, 8193}) {
        long[] f = focus(n, n);
        List<byte[]> leaves = new ArrayList<>();
        for (int j = 0; j < n; j++) {
          leaves.add(RankTree.leafHash(j, f[j], "cid" + j));
        }
        byte[] expected = mth(leaves, 0, n);
        assertArrayEquals(expected, RankTree.build(f, j -> "cid" + j, one).root(), "n=" + n);
        assertArrayEquals(expected, RankTree.build(f, j -> "cid" + j, three).root(), "n=" + n);
      }
    }
  }

  @Test
  void everyProofVerifiesAndTamperingFails() {
    try (WorkerPool pool = new WorkerPool(2)) {
      for (int n : new int[] {1, 2, 3, 5, 8, 11, 64, 77}) {
        long[] f = focus(n, 100 + n);
        RankTree tree = RankTree.build(f, j -> "Qm" + j, pool);
        byte[] root = tree.root();
        for (int j = 0; j < n; j++) {
          FocusProof p = new FocusProof(j, n, f[j], "Qm" + j, tree.path(j));
          assertTrue(p.verify(root), "n=" + n + " j=" + j);
          assertFalse(new FocusProof(j, n, f[j] + 1, "Qm" + j, p.path()).verify(root));
          assertFalse(new FocusProof(j, n, f[j], "Qm" + j + "x", p.path()).verify(root));
          if (n > 1) {
            assertFalse(new FocusProof((j + 1) % n, n, f[j], "Qm" + j, p.path()).verify(root));
            List<byte[]> bent = new ArrayList<>(p.path());
            byte[] h = bent.get(0).clone();
            h[5] ^= 1;
            bent.set(0, h);
            assertFalse(new FocusProof(j, n, f[j], "Qm" + j, bent).verify(root));
            assertFalse(new FocusProof(j, n, f[j], "Qm" + j, p.path().subList(1, p.path().size()))
                .verify(root));
          }
        }
      }
    }
  }

  @Test
  void updateEqualsAFullBuildAndLeavesThePreviousTreeAsItWas() throws Exception {
    try (WorkerPool two = new WorkerPool(2)) {
      SplittableRandom rnd = new SplittableRandom(11);
      for (int n : new int[] {1, 15, 16, 17, 33, 100, 1000, 5000, 70_001}) {
        ParticleTexts texts = new ParticleTexts();
        String[] cid = new String[n];
        for (int j = 0; j < n; j++) {
          cid[j] = "bafk" + j + "é".repeat(j % 2);
          texts.append(cid[j]);
        }
        long[] f = focus(n, n);
        RankTree previous = RankTree.build(f, texts, two);
        byte[] previousRoot = previous.root();
        // few changes (the incremental path), many (the rebuild), none, the first and last leaf
        for (int changes : new int[] {0, 1, 2, 7, n / 100 + 1, n / 3 + 1}) {
          long[] g = f.clone();
          for (int c = 0; c < changes; c++) {
            int j = c == 0 ? n - 1 : c == 1 ? 0 : rnd.nextInt(n);
            g[j] += 1 + rnd.nextInt(3);
          }
          RankTree updated = RankTree.update(previous, g, texts, two);
          RankTree built = RankTree.build(g, texts, two);
          assertArrayEquals(built.root(), updated.root(), "n=" + n + " changes=" + changes);
          for (int j : new int[] {0, n / 2, n - 1}) {
            FocusProof p = new FocusProof(j, n, g[j], cid[j], updated.path(j));
            assertTrue(p.verify(updated.root()), "n=" + n + " j=" + j);
          }
          // the previous tree (a snapshot RPC may still read) is untouched
          assertArrayEquals(previousRoot, previous.root());
          FocusProof old = new FocusProof(n - 1, n, f[n - 1], cid[n - 1], previous.path(n - 1));
          assertTrue(old.verify(previousRoot), "n=" + n);
        }
      }
    }
  }

  @Test
  void updateOfAnotherSizeIsAFullBuild() {
    try (WorkerPool one = new WorkerPool(1)) {
      long[] f = focus(40, 1);
      long[] g = focus(41, 2);
      RankTree previous = RankTree.build(f, j -> "c" + j, one);
      ParticleTexts texts = new ParticleTexts();
      for (int j = 0; j < 41; j++) {
        texts.append("c" + j);
      }
      assertArrayEquals(RankTree.build(g, texts, one).root(),
          RankTree.update(previous, g, texts, one).root());
    }
  }

  @Test
  void textsBuildMatchesLeafHashesForMixedLengthsAndNonAscii() throws Exception {
    try (WorkerPool two = new WorkerPool(2)) {
      int n = 9000;
      long[] f = focus(n, 7);
      SplittableRandom rnd = new SplittableRandom(3);
      ParticleTexts texts = new ParticleTexts();
      List<byte[]> leaves = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        // lengths from 1 to ~300 bytes (one to several SHA-256 blocks), some multi-byte
        String cid = "é".repeat(rnd.nextInt(3)) + "x".repeat(1 + rnd.nextInt(j % 7 == 0 ? 300 : 60));
        texts.append(cid);
        leaves.add(RankTree.leafHash(j, f[j], cid));
      }
      texts.append("one more than the leaves");
      assertArrayEquals(mth(leaves, 0, n), RankTree.build(f, texts, two).root());
    }
  }

  @Test
  void proofsAcrossTheRehashedLowLevelsVerifyAndSurviveLaterAppends() throws Exception {
    try (WorkerPool two = new WorkerPool(2)) {
      ParticleTexts texts = new ParticleTexts();
      List<String> cids = new ArrayList<>();
      for (int n : new int[] {15, 16, 17, 31, 32, 33, 1000, 70_001}) {
        while (texts.size() < n) {
          String cid = "bafkrei" + texts.size() + "é".repeat(texts.size() % 3);
          texts.append(cid);
          cids.add(cid);
        }
        long[] f = focus(n, 40 + n);
        RankTree tree = RankTree.build(f, texts, two);
        for (int k = 0; k < 50; k++) {
          texts.append("later" + k); // the engine appends next block's particles meanwhile
          cids.add("later" + k);
        }
        byte[] root = tree.root();
        List<byte[]> leaves = new ArrayList<>();
        for (int j = 0; j < n; j++) {
          leaves.add(RankTree.leafHash(j, f[j], cids.get(j)));
        }
        assertArrayEquals(mth(leaves, 0, n), root, "n=" + n);
        SplittableRandom rnd = new SplittableRandom(n);
        for (int t = 0; t < 40; t++) {
          int j = t < 20 ? n - 1 - t % n : rnd.nextInt(n);
          FocusProof p = new FocusProof(j, n, f[j], cids.get(j), tree.path(j));
          assertTrue(p.verify(root), "n=" + n + " j=" + j);
          assertFalse(new FocusProof(j, n, f[j] ^ 4, cids.get(j), p.path()).verify(root));
        }
      }
    }
  }
}
