package io.cybergraph.node.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.consensus.BftEngine;
import io.cybergraph.node.consensus.ConsensusWiring;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.FetchedFocus;
import io.cybergraph.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A validator stopped while it was taking up a rank snapshot (the fetched focus stored, the
 * headers that commit to it not reached yet) restarts with heights whose rank it never
 * computes: consensus must wait for block sync there, not propose and halt on the missing rank.
 */
class SnapshotRestartTest {
  @TempDir Path data;
  private BftEngine bft; // of the node opened last

  /** Our validator holds 10 of 11 power: it proposes almost every round. */
  private static ChainGenesis genesis() {
    Genesis g = TestNode.genesis(600_000, 400_000).file();
    g.rank.lagBlocks = 1;
    return TestNode.withIdleSecondValidator(g);
  }

  private CyberNode openBft(ChainGenesis genesis) {
    NodeConfig config = TestNode.config(50);
    config.consensus.timeoutProposeMs = 200;
    config.consensus.timeoutPrevoteMs = 100;
    config.consensus.timeoutPrecommitMs = 100;
    CyberNode node = CyberNode.open(config, genesis, TestNode.VALIDATOR, data);
    assertTrue(node.consensusValidator());
    bft = ConsensusWiring.engine(node, data);
    node.attachEngine(bft);
    return node;
  }

  @Test
  void aValidatorRestartedWhileTakingUpARankSnapshotWaitsForBlockSync() throws Exception {
    ChainGenesis genesis = genesis();
    long head;
    try (CyberNode node = openBft(genesis)) {
      node.start();
      TestNode.await("5 blocks", Duration.ofSeconds(30), () -> node.head().height() >= 5);
    }
    try (ChainStore store = ChainStore.open(data.resolve(CyberNode.STORE_DIR),
        new StoreOptions(8 << 20, 8 << 20))) {
      head = store.latestHeight();
      // what rank snapshot sync stores before it is taken up: a verified focus of a later height
      store.focus().putFetched(new FetchedFocus(head + 50, head + 51, new byte[32]), new long[0]);
    }
    try (CyberNode node = openBft(genesis)) {
      node.start();
      TestNode.await("consensus waiting for block sync", Duration.ofSeconds(30),
          () -> bft.state().step().equals("catching_up") || node.halted().isDone());
      assertFalse(node.halted().isDone(),
          () -> "halted: " + node.halted().join().getMessage());
      assertEquals(head, node.head().height(), "nothing committed at a height it cannot rank");
    }
  }
}
