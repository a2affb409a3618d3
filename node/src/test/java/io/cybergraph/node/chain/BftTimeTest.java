package io.cybergraph.node.chain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.consensus.ConsensusWiring;
import io.cybergraph.proto.pb.Block;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Header time only increases (design.md), also when the genesis time is ahead of the clocks. */
class BftTimeTest {
  @TempDir Path data;

  @Test
  void blockTimesIncreaseFromAGenesisTimeInTheFuture() throws Exception {
    Genesis g = TestNode.genesis(600_000, 400_000).file();
    g.genesisTime = "2099-01-01T00:00:00Z"; // block 1's time; votes come from today's clocks
    ChainGenesis genesis = TestNode.withIdleSecondValidator(g);
    try (CyberNode node = CyberNode.open(TestNode.config(50), genesis, TestNode.VALIDATOR, data)) {
      node.attachEngine(ConsensusWiring.engine(node, data));
      node.start();
      TestNode.await("4 blocks", Duration.ofSeconds(30), () -> node.head().height() >= 4);
      long previous = Long.MIN_VALUE;
      for (long h = 1; h <= 4; h++) {
        long time = Block.parseFrom(node.store().blocks().block(h).orElseThrow())
            .getHeader().getTimeNs();
        assertTrue(time > previous, "block " + h + " time " + time + " after " + previous);
        previous = time;
      }
    }
  }
}
