package io.cybergraph.node.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.consensus.ConsensusWiring;
import io.cybergraph.node.producer.ConsensusSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A validator whose signer state file is gone, on a chain it has been signing: said at start. */
class SignerStateLossTest {
  @TempDir Path data;
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ConsensusWiring.class);

  @BeforeEach
  void listen() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(lines);
  }

  /** Our validator holds 10 of 11 power: it makes blocks alone, through consensus. */
  private static ChainGenesis genesis() {
    Genesis g = TestNode.genesis(600_000, 400_000).file();
    Genesis.GenesisValidator other = new Genesis.GenesisValidator();
    other.name = "other";
    other.publicKey = HexFormat.of().formatHex(TestChain.key(21).publicKey());
    other.power = 1;
    g.validators.add(other);
    return GenesisLoader.parse(GenesisLoader.toJson(g), "genesis.json");
  }

  private CyberNode openValidator(ChainGenesis genesis) {
    NodeConfig config = TestNode.config(50);
    config.consensus.timeoutProposeMs = 200;
    CyberNode node = CyberNode.open(config, genesis, TestNode.VALIDATOR, data);
    node.attachEngine(ConsensusWiring.engine(node, data));
    return node;
  }

  private List<String> warnings() {
    synchronized (lines) {
      return lines.list.stream().map(ILoggingEvent::getFormattedMessage)
          .filter(m -> m.startsWith("no signer state")).toList();
    }
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
