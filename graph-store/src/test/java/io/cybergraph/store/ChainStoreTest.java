package io.cybergraph.store;

import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.proto.merkle.MerkleFrontier;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store against the in-memory model of a deterministic random history. */
class ChainStoreTest {
  private static final StoreOptions SMALL = new StoreOptions(16L << 20, 8L << 20);

  @TempDir Path dir;

  private ChainStore open() {
    return ChainStore.open(dir.resolve("db"), SMALL);
  }

  @Test
  void aStoreInUseIsRefusedWithAReasonForPeople() {
    try (ChainStore first = open()) {
      StoreException e = assertThrows(StoreException.class, this::open);
      assertTrue(e.getMessage().contains("holds its lock"), e.getMessage());
    }
  }

  @Test
  void indicesAnswerExactlyWhatWasWritten() {
    History history = new History(42, History.Profile.varied());
    try (ChainStore store = open()) {
      StoreModelCheck.assertMatches(store, history);
      for (int h = 1; h <= 300; h++) {
        store.write(history.next());
        if (h == 53 || h == 300) {
          StoreModelCheck.assertMatches(store, history);
        }
      }
      assertTrue(store.linkCount() > 8192, "history reaches two level-12 link tree nodes");
      StoreModelCheck.assertNothingOf(store, new History(42, History.Profile.varied()).skip(300).next());
    }
  }

  @Test
  void reopenReturnsEverythingAndContinues() {
    History history = new History(7, History.Profile.varied());
    try (ChainStore store = open()) {
      for (int h = 1; h <= 80; h++) {
        store.write(history.next());
      }
    }
    try (ChainStore store = open()) {
      StoreModelCheck.assertMatches(store, history);
      for (int h = 81; h <= 100; h++) {
        store.write(history.next());
      }
    }
    try (ChainStore store = open()) {
      StoreModelCheck.assertLatestBlockIndexed(store, history);
    }
  }

  @Test
  void rootAndProofsFollowTheLogAcrossSubtreeBoundaries() {
    // sizes chosen so blocks start and end inside, at and across 16- and 256-leaf subtrees
    int[] sizes = {1, 14, 1, 16, 17, 0, 200, 8, 30, 3000, 1, 1200, 0, 15, 2, 256, 257, 4096, 3};
    History history = new History(3, History.Profile.varied());
    try (ChainStore store = open()) {
      assertArrayEquals(Hashes.sha256(), store.linkTree().root(), "empty tree root");
      for (int size : sizes) {
        store.write(history.next(size));
        int n = history.links.size();
        byte[] root = Merkle.rootOfLeafHashes(history.leafHashes);
        assertArrayEquals(root, store.linkTree().root(), "root after " + n + " links");
        for (int seq : new int[] {0, n / 2, n - 1, n - 16, n - 17, n - 256}) {
          if (seq >= 0) {
            LinkProof p = store.linkTree().proof(seq);
            assertEquals(n, p.treeSize());
            assertTrue(Merkle.verifyLeafHash(root, history.leafHashes.get(seq), seq, n, p.path()),
                "proof of " + seq + " of " + n);
          }
        }
      }
      long n = store.linkCount();
      assertThrows(IllegalArgumentException.class, () -> store.linkTree().proof(n));
      assertThrows(IllegalArgumentException.class, () -> store.linkTree().proof(0, n + 1));
      assertThrows(IllegalArgumentException.class, () -> store.linkTree().root(-1));
      // a wrong leaf or a wrong position does not verify
      LinkProof p = store.linkTree().proof(5);
      byte[] root = store.linkTree().root();
      assertTrue(!Merkle.verifyLeafHash(root, history.leafHashes.get(6), 5, n, p.path()));
      assertTrue(!Merkle.verifyLeafHash(root, history.leafHashes.get(5), 4, n, p.path()));
    }
  }

  @Test
  void emptyStoreAnswersEmpty() {
    try (ChainStore store = open()) {
      assertEquals(0, store.latestHeight());
      assertEquals(0, store.linkCount());
      assertEquals(0, store.particleCount());
      assertArrayEquals(new MerkleFrontier().toBytes(), store.linksFrontier());
      assertArrayEquals(Hashes.EMPTY_SHA256, store.linkTree().root());
      assertTrue(store.blocks().info(1).isEmpty());
      assertEquals(List.of(), store.queries().outOf(0, -1, 10));
      assertEquals(List.of(), store.queries().byNeuron(new byte[20], 0, 10, -1, 10));
      assertThrows(IllegalArgumentException.class, () -> store.linkTree().proof(0));
    }
  }

  /** Five blocks of ten varied links: the history they came from. */
  private static History writeFiveBlocks(ChainStore store) {
    History history = new History(5, History.Profile.varied());
    for (int h = 1; h <= 5; h++) {
      store.write(history.next(10));
    }
    return history;
  }

  @Test
  void badQueriesAreRefused() {
    try (ChainStore store = open()) {
      History history = writeFiveBlocks(store);
      LinkRecord first = history.links.get(0);
      LinkQueries q = store.queries();
      assertThrows(IllegalArgumentException.class, () -> q.outOf(first.from(), -1, 0));
      assertThrows(IllegalArgumentException.class, () -> q.outOf(first.from(), -2, 10));
      assertThrows(IllegalArgumentException.class, () -> q.into(-1, -1, 10));
      assertThrows(
          IllegalArgumentException.class, () -> q.byNeuron(new byte[19], 1, 2, -1, 10));
      assertThrows(
          IllegalArgumentException.class, () -> q.outOf(first.from(), -1, LinkQueries.MAX_LIMIT + 1));
      int notFrom = first.from() == 0 ? 1 : 0;
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> q.outOf(notFrom, 0, 10));
      assertTrue(e.getMessage().contains("not a link out of particle"), e.getMessage());
    }
  }

  /** A cursor past every link (the largest seq a client can send) is the end, for each query. */
  @Test
  void aCursorPastEveryLinkGivesAnEmptyPage() {
    try (ChainStore store = open()) {
      History history = writeFiveBlocks(store);
      LinkRecord first = history.links.get(0);
      LinkQueries q = store.queries();
      long end = Long.MAX_VALUE;
      assertEquals(List.of(), q.byNeuron(first.neuron(), 1, end, end, 10));
      assertEquals(List.of(), q.between(first.from(), first.to(), end, 10));
      assertThrows(IllegalArgumentException.class, () -> q.outOf(first.from(), end, 10));
    }
  }

  @Test
  void aClosedStoreRefusesReads() {
    ChainStore store = open();
    store.close();
    assertThrows(IllegalStateException.class, () -> store.blocks().block(1));
    store.close(); // closing twice is harmless
  }
}
