package io.cybergraph.node.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.LogLines;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.consensus.ConsensusWiring;
import io.cybergraph.node.producer.ConsensusSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A validator whose signer state file is gone, on a chain it has been signing: said at start. */
class SignerStateLossTest {
  @TempDir Path data;
  private final LogLines lines = LogLines.of(ConsensusWiring.class);

  @AfterEach
  void stopListening() {
    lines.close();
  }

  /** Our validator holds 10 of 11 power: it makes blocks alone, through consensus. */
  private static ChainGenesis genesis() {
    return TestNode.withIdleSecondValidator(TestNode.genesis(600_000, 400_000).file());
  }

  private CyberNode openValidator(ChainGenesis genesis) {
    NodeConfig config = TestNode.config(50);
    config.consensus.timeoutProposeMs = 200;
    CyberNode node = CyberNode.open(config, genesis, TestNode.VALIDATOR, data);
    node.attachEngine(ConsensusWiring.engine(node, data));
    return node;
  }

  private List<String> warnings() {
    return lines.said().stream().filter(m -> m.startsWith("no signer state")).toList();
  }

  @Test
  void aLostSignerStateOnAChainPastGenesisIsWarnedOf() throws Exception {
    ChainGenesis genesis = genesis();
    long height;
    try (CyberNode node = openValidator(genesis)) {
      assertEquals(List.of(), warnings(), "a fresh chain: no state yet is normal");
      node.start();
      TestNode.await("3 blocks", Duration.ofSeconds(30), () -> node.head().height() >= 3);
    }
    try (CyberNode node = openValidator(genesis)) {
      assertEquals(List.of(), warnings(), "restarted with its state");
      height = node.head().height();
    }
    Files.delete(data.resolve(ConsensusSigner.FILE_NAME));
    try (CyberNode node = openValidator(genesis)) {
      List<String> said = warnings();
      assertEquals(1, said.size(), said.toString());
      assertTrue(said.get(0).contains("though this node's chain is at height " + height),
          said.get(0));
    }
  }
}
