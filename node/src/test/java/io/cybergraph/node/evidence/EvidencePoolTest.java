package io.cybergraph.node.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.app.TestChain;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.EvidenceList;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.VoteType;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool on a real RocksDB: persisted, bounded, deduplicated, emptied by commits. */
class EvidencePoolTest {
  private static final int BASE = 40;
  private static final ValidatorSet SET = Votes.set(BASE, 4);

  @TempDir Path dir;

  private ChainStore openStore() {
    return ChainStore.open(dir.resolve("store"), new StoreOptions(8 << 20, 8 << 20));
  }

  private static EvidencePool pool(ChainStore store, long maxAge, int maxPending) {
    EvidenceVerifier verifier = new EvidenceVerifier(Votes.CHAIN_ID,
        ValidatorSets.fixed(SET, store::latestHeight), new EvidenceParams(maxAge, 50),
        store.evidence());
    return new EvidencePool(store.evidence(), verifier, store::latestHeight, maxPending);
  }

  private static Evidence equivocation(int validator, long height) {
    return Votes.equivocation(TestChain.key(BASE + validator), validator, height);
  }

  /** A block at {@code height} carrying {@code evidence}, as the pool sees a committed one. */
  private static Block block(long height, Evidence... evidence) {
    Block.Builder b = Block.newBuilder().setHeader(Header.newBuilder().setHeight(height));
    if (evidence.length > 0) {
      b.setEvidence(EvidenceList.newBuilder().addAllEvidence(List.of(evidence)));
    }
    return b.build();
  }

  @Test
  void pendingEvidenceSurvivesARestart() throws Exception {
    try (ChainStore store = openStore()) {
      EvidencePool pool = pool(store, 100, 10);
      assertEquals(EvidencePool.Outcome.ADDED, pool.add(equivocation(0, 1)));
      assertEquals(EvidencePool.Outcome.ADDED, pool.add(equivocation(2, 1)));
    }
    try (ChainStore store = openStore()) {
      EvidencePool pool = pool(store, 100, 10);
      assertEquals(2, pool.size());
      assertTrue(pool.hasHash(VerifiedEvidence.of(equivocation(2, 1), 0).hash()));
      assertEquals(EvidencePool.Outcome.ALREADY_PENDING, pool.add(equivocation(2, 1)));
    }
  }

  @Test
  void oneItemPerEquivocationWhateverPairOrOrderIsSeen() throws Exception {
    KeyPair v1 = TestChain.key(BASE + 1);
    try (ChainStore store = openStore()) {
      EvidencePool pool = pool(store, 100, 10);
      List<VerifiedEvidence> announced = new ArrayList<>();
      pool.addListener(announced::add);
      pool.report(Votes.vote(v1, 1, VoteType.VOTE_TYPE_PREVOTE, 1, 0, "B"),
          Votes.vote(v1, 1, VoteType.VOTE_TYPE_PREVOTE, 1, 0, "A"));
      pool.report(Votes.vote(v1, 1, VoteType.VOTE_TYPE_PREVOTE, 1, 0, "A"),
          Votes.vote(v1, 1, VoteType.VOTE_TYPE_PREVOTE, 1, 0, "B"));
      assertEquals(EvidencePool.Outcome.ALREADY_PENDING, pool.add(DuplicateVotes.evidence(
          Votes.vote(v1, 1, VoteType.VOTE_TYPE_PREVOTE, 1, 0, "A"),
          Votes.vote(v1, 1, VoteType.VOTE_TYPE_PREVOTE, 1, 0, "C"))));
      // the precommit slot of the same round is another equivocation
      pool.report(Votes.vote(v1, 1, VoteType.VOTE_TYPE_PRECOMMIT, 1, 0, "A"),
          Votes.vote(v1, 1, VoteType.VOTE_TYPE_PRECOMMIT, 1, 0, null));
      assertEquals(2, pool.size());
      assertEquals(2, announced.size(), "each item is announced once");
      assertEquals(2, store.evidence().pending().size());
    }
  }

  @Test
  void theBoundRefusesMoreAndInvalidEvidenceChangesNothing() throws Exception {
    try (ChainStore store = openStore()) {
      EvidencePool pool = pool(store, 100, 2);
      pool.add(equivocation(0, 1));
      pool.add(equivocation(1, 1));
      assertEquals(EvidencePool.Outcome.POOL_FULL, pool.add(equivocation(2, 1)));
      assertEquals(2, pool.size());
      assertEquals(2, store.evidence().pending().size());
      assertThrows(IllegalArgumentException.class, () -> pool(store, 100, 0));
    }
    try (ChainStore store = openStore()) {
      EvidencePool pool = pool(store, 100, 5);
      Evidence future = equivocation(3, 2); // the chain is at 0: height 1 is being agreed
      InvalidEvidenceException e =
          assertThrows(InvalidEvidenceException.class, () -> pool.add(future));
      assertEquals(Rejection.UNKNOWN_HEIGHT, e.rejection());
      assertEquals(2, pool.size());
    }
  }

  @Test
  void committedEvidenceLeavesThePoolAndOldEvidenceIsDropped() throws Exception {
    try (ChainStore store = openStore()) {
      EvidencePool pool = pool(store, 3, 10);
      Evidence e0 = equivocation(0, 1);
      Evidence e1 = equivocation(1, 1);
      pool.add(e0);
      pool.add(e1);
      BlockEvidence blocks = new BlockEvidence(new EvidenceVerifier(Votes.CHAIN_ID,
          ValidatorSets.fixed(SET, store::latestHeight), new EvidenceParams(3, 50),
          store.evidence()), pool);
      assertEquals(0, blocks.select(1).getEvidenceCount(), "votes of height 1 wait for block 2");
      TestStores.commitWithEvidence(store); // height 1
      pool.committed(block(1));
      assertEquals(2, blocks.select(2).getEvidenceCount());
      TestStores.commitWithEvidence(store, VerifiedEvidence.of(e0, 0).toStore()); // height 2
      pool.committed(block(2, e0));
      assertEquals(1, pool.size());
      assertEquals(1, store.evidence().pending().size(), "left in the block's batch");
      assertFalse(pool.hasHash(VerifiedEvidence.of(e0, 0).hash()));
      TestStores.commitWithEvidence(store); // height 3
      pool.committed(block(3));
      assertEquals(1, pool.size(), "block 4 may still carry votes of height 1");
      TestStores.commitWithEvidence(store); // height 4
      pool.committed(block(4));
      assertEquals(0, pool.size(), "too old for block 5");
      assertTrue(store.evidence().pending().isEmpty());
    }
  }
}
