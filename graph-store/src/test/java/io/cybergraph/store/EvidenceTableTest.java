package io.cybergraph.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three evidence families on a real RocksDB: committed, by key, pending. */
class EvidenceTableTest {
  private static final StoreOptions SMALL = new StoreOptions(8 << 20, 8 << 20);

  @TempDir Path dir;

  private ChainStore open() {
    return ChainStore.open(dir.resolve("db"), SMALL);
  }

  private static NewEvidence evidence(int validator, long height) {
    byte[] key = new byte[NewEvidence.KEY_BYTES];
    Arrays.fill(key, 0, 20, (byte) validator);
    key[27] = (byte) height;
    byte[] hash = new byte[32];
    hash[0] = (byte) validator;
    hash[1] = (byte) height;
    return new NewEvidence(key, hash, new byte[] {1, 2, (byte) validator, (byte) height});
  }

  private static CommittedBlock withEvidence(CommittedBlock b, NewEvidence... evidence) {
    return new CommittedBlock(b.height(), b.blockHash(), b.block(), b.commit(), b.txHashes(),
        b.newParticles(), b.links(), b.accounts(), b.focus(), b.pruneFocusHeights(),
        b.linksFrontier(), b.appHash(), List.of(evidence));
  }

  @Test
  void pendingEvidenceSurvivesReopenAndLeavesInTheBatchOfTheBlockThatCommitsIt() {
    History history = new History(3, History.Profile.varied());
    NewEvidence e1 = evidence(1, 5);
    NewEvidence e2 = evidence(2, 5);
    try (ChainStore store = open()) {
      store.evidence().putPending(e1);
      store.evidence().putPending(e2);
    }
    try (ChainStore store = open()) {
      List<NewEvidence> pending = store.evidence().pending();
      assertEquals(2, pending.size());
      assertArrayEquals(e1.key(), pending.get(0).key());
      assertArrayEquals(e1.evidence(), pending.get(0).evidence());
      store.write(history.next());
      store.write(withEvidence(history.next(), e1));
      assertEquals(1, store.evidence().pending().size(), "committed evidence left the pool");
      assertArrayEquals(e2.key(), store.evidence().pending().get(0).key());
      assertEquals(2, store.evidence().committedHeight(e1.key()).getAsLong());
      assertTrue(store.evidence().committedHeight(e2.key()).isEmpty());
      List<CommittedEvidence> at2 = store.evidence().at(2);
      assertEquals(1, at2.size());
      assertArrayEquals(e1.hash(), at2.get(0).hash());
      assertArrayEquals(e1.evidence(), at2.get(0).evidence());
      store.evidence().deletePending(e2.key());
    }
    try (ChainStore store = open()) {
      assertTrue(store.evidence().pending().isEmpty());
      assertEquals(2, store.evidence().committedHeight(e1.key()).getAsLong());
    }
  }

  @Test
  void aBlockRepeatingOrRecommittingAnEquivocationIsRefusedAndChangesNothing() {
    History history = new History(4, History.Profile.varied());
    NewEvidence e1 = evidence(1, 5);
    try (ChainStore store = open()) {
      store.write(withEvidence(history.next(), e1));
      CommittedBlock next = history.next();
      BlockRefusedException again =
          assertThrows(BlockRefusedException.class, () -> store.write(withEvidence(next, e1)));
      assertTrue(again.getMessage().contains("already committed"), again.getMessage());
      NewEvidence e3 = evidence(3, 5);
      BlockRefusedException twice =
          assertThrows(BlockRefusedException.class, () -> store.write(withEvidence(next, e3, e3)));
      assertTrue(twice.getMessage().contains("appears twice"), twice.getMessage());
      NewEvidence shortKey = new NewEvidence(new byte[5], new byte[32], new byte[1]);
      assertThrows(BlockRefusedException.class, () -> store.write(withEvidence(next, shortKey)));
      assertEquals(1, store.latestHeight());
      assertTrue(store.evidence().committedHeight(e3.key()).isEmpty());
      store.write(withEvidence(next, e3));
      assertEquals(2, store.evidence().committedHeight(e3.key()).getAsLong());
    }
  }

  @Test
  void committedEvidencePagesInHeightThenHashOrder() {
    History history = new History(5, History.Profile.varied());
    try (ChainStore store = open()) {
      store.write(withEvidence(history.next(), evidence(2, 1), evidence(1, 1)));
      store.write(history.next());
      store.write(withEvidence(history.next(), evidence(3, 2)));
      List<CommittedEvidence> first = store.evidence().page(1, Long.MAX_VALUE, null, 2);
      assertEquals(2, first.size());
      assertEquals(1, first.get(0).height());
      assertEquals(1, first.get(0).hash()[0], "lower hash first");
      assertEquals(2, first.get(1).hash()[0]);
      List<CommittedEvidence> second = store.evidence().page(1, Long.MAX_VALUE, first.get(1), 2);
      assertEquals(1, second.size());
      assertEquals(3, second.get(0).height());
      assertTrue(store.evidence().page(1, Long.MAX_VALUE, second.get(0), 2).isEmpty());
      assertTrue(store.evidence().at(2).isEmpty());
      assertEquals(1, store.evidence().page(3, 3, null, 10).size());
      assertThrows(IllegalArgumentException.class, () -> store.evidence().page(1, 2, null, 0));
    }
  }
}
