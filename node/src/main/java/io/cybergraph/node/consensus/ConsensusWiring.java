package io.cybergraph.node.consensus;

import io.cybergraph.consensus.signer.Signer;
import io.cybergraph.consensus.state.TimeoutConfig;
import io.cybergraph.consensus.wal.Wal;
import io.cybergraph.consensus.wal.WalConfig;
import io.cybergraph.consensus.wal.WalCorruptedException;
import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.producer.ConsensusSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Builds a validator's {@link BftEngine} from the node's parts: the WAL in {@code data/cs.wal},
 * the signer state in {@code data/priv_validator_state} (the same file the solo producer uses),
 * our proposed blocks in {@code data/cs.proposals},
 * and the timeouts of config.toml's {@code [consensus]} section.
 */
public final class ConsensusWiring {
  /** The WAL's folder inside {@code data/}. */
  public static final String WAL_DIR = "cs.wal";

  private ConsensusWiring() {}

  public static BftEngine engine(CyberNode node, Path dataDir) {
    return engine(node, dataDir, EvidenceSink.NONE);
  }

  public static BftEngine engine(CyberNode node, Path dataDir, EvidenceSink evidence) {
    NodeConfig.ConsensusSection c = node.config().consensus;
    TimeoutConfig timeouts = new TimeoutConfig(c.timeoutProposeMs, c.timeoutProposeDeltaMs,
        c.timeoutPrevoteMs, c.timeoutPrevoteDeltaMs, c.timeoutPrecommitMs,
        c.timeoutPrecommitDeltaMs);
    Signer signer;
    Wal wal;
    ProposedBlocks proposed;
    try {
      signer = Signer.open(dataDir.resolve(ConsensusSigner.FILE_NAME), node.validatorKey());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the signer state (refusing to sign without it): " + e.getMessage(), e);
    }
    try {
      wal = Wal.open(dataDir.resolve(WAL_DIR), WalConfig.DEFAULT);
    } catch (WalCorruptedException e) {
      // the operator's way out, said where they read it: the signer's state file still stops a
      // second signature for the step it last signed, but locks of this height are forgotten
      throw new UncheckedIOException("cannot open the consensus WAL: " + e.getMessage()
          + "; the WAL is left as it is. To start anyway, move " + dataDir.resolve(WAL_DIR)
          + " aside: the validator then forgets what it saw and locked at the current height"
          + " (the signer state still refuses a second signature of its last step)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the consensus WAL: " + e.getMessage(), e);
    }
    try {
      proposed = ProposedBlocks.open(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + ProposedBlocks.DIR + ": " + e.getMessage(), e);
    }
    long height = node.head().height();
    byte[] headBlock = height == 0 ? null : node.store().blocks().block(height).orElse(null);
    return new BftEngine(node.app(), timeouts, c.timeoutCommitMs, c.timeoutCommitBusyMs, wal, signer, proposed,
        evidence,
        ConsensusWiring::wallClockNanos, node::halt, headBlock);
  }

  private static long wallClockNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
