package io.cybergraph.node.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.app.TestChain;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.EvidenceList;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a proposer includes, and the block-level checks beyond each item's. */
class BlockEvidenceTest {
  private static final int BASE = 60;
  private static final ValidatorSet SET = Votes.set(BASE, 4);

  @TempDir Path dir;

  private static Evidence equivocation(int validator, long height) {
    return Votes.equivocation(TestChain.key(BASE + validator), validator, height);
  }

  private static Block block(long height, Evidence... evidence) {
    return Block.newBuilder().setHeader(Header.newBuilder().setHeight(height))
        .setEvidence(EvidenceList.newBuilder().addAllEvidence(List.of(evidence))).build();
  }

  @Test
  void aProposerTakesTheOldestUpToTheLimitAndABlockMayRepeatNoEquivocation() throws Exception {
    try (ChainStore store = ChainStore.open(dir.resolve("s"), new StoreOptions(8 << 20, 8 << 20))) {
      for (int i = 0; i < 3; i++) {
        TestStores.commitWithEvidence(store);
      }
      EvidenceVerifier verifier = new EvidenceVerifier(Votes.CHAIN_ID,
          ValidatorSets.fixed(SET, store::latestHeight), new EvidenceParams(100, 2),
          store.evidence());
      EvidencePool pool = new EvidencePool(store.evidence(), verifier, store::latestHeight, 10);
      pool.add(equivocation(0, 3));
      pool.add(equivocation(1, 2));
      pool.add(equivocation(2, 1));
      pool.add(equivocation(3, 4)); // the height being agreed: not for block 4
      BlockEvidence blocks = new BlockEvidence(verifier, pool);
      EvidenceList chosen = blocks.select(4);
      assertEquals(List.of(equivocation(2, 1), equivocation(1, 2)), chosen.getEvidenceList(),
          "oldest first, evidence.max_per_block = 2");
      assertEquals(2, blocks.verify(block(4, chosen.getEvidenceList().toArray(Evidence[]::new))).size());

      InvalidEvidenceException repeated = assertThrows(InvalidEvidenceException.class,
          () -> blocks.verify(block(4, equivocation(0, 3), equivocation(0, 3))));
      assertEquals(Rejection.BAD_BLOCK_EVIDENCE, repeated.rejection());
      assertTrue(repeated.getMessage().contains("repeats"), repeated.getMessage());
      InvalidEvidenceException tooMany = assertThrows(InvalidEvidenceException.class,
          () -> blocks.verify(block(4, equivocation(0, 3), equivocation(1, 2), equivocation(2, 1))));
      assertEquals(Rejection.BAD_BLOCK_EVIDENCE, tooMany.rejection());
      InvalidEvidenceException current = assertThrows(InvalidEvidenceException.class,
          () -> blocks.verify(block(4, equivocation(3, 4))));
      assertEquals(Rejection.UNKNOWN_HEIGHT, current.rejection());
      assertTrue(current.getMessage().startsWith("evidence 0: "), current.getMessage());
    }
  }
}
