package io.cybergraph.node.chain;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.config.GenesisLoader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart with a rank lag above the default: the next headers name rank heights older than
 * the newest stored focus, which the restored pipeline must hold (it resumed from the newest
 * one and halted on "focus of height … is no longer kept").
 */
class LagRestartTest {
  @TempDir Path data;

  @ParameterizedTest(name = "lag {0}")
  @ValueSource(ints = {1, 3, 5})
  void aRestartedNodeGoesOnMakingBlocks(int lag) throws Exception {
    Genesis g = TestNode.genesis(600_000, 400_000).file();
    g.rank.lagBlocks = lag;
    ChainGenesis genesis = GenesisLoader.parse(GenesisLoader.toJson(g), "genesis.json");
    long before;
    try (CyberNode node = CyberNode.open(TestNode.config(50), genesis, TestNode.VALIDATOR, data)) {
      node.start();
      TestNode.await("10 blocks", Duration.ofSeconds(30), () -> node.head().height() >= 10);
      node.close();
      before = node.head().height();
    }
    try (CyberNode node = CyberNode.open(TestNode.config(50), genesis, TestNode.VALIDATOR, data)) {
      node.start();
      TestNode.await("3 more blocks after the restart", Duration.ofSeconds(30),
          () -> node.head().height() >= before + 3 || node.halted().isDone());
      assertFalse(node.halted().isDone(), () -> "halted: " + node.halted().join().getMessage());
    }
  }
}
