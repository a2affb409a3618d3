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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a validator's {@link BftEngine} from the node's parts: the WAL in {@code data/cs.wal},
 * the signer state in {@code data/priv_validator_state} (the same file the solo producer uses),
 * our proposed blocks in {@code data/cs.proposals},
 * and the timeouts of config.toml's {@code [consensus]} section.
 */
public final class ConsensusWiring {
  /** The WAL's folder inside {@code data/}. */
  public static final String WAL_DIR = "cs.wal";

  private static final Logger LOG = LoggerFactory.getLogger(ConsensusWiring.class);

  private ConsensusWiring() {}

  /**
   * A validator of a chain past genesis without a signer state: its file was deleted, or the
   * home restored from a copy without it. The signer then starts from nothing, as CometBFT's
   * does (a validator that never signed has no file either), so this is a warning, not a
   * refusal: at the height it enters, only the WAL still stops it signing other votes than it
   * did before.
   */
  private static void warnIfSignerStateLost(Signer signer, Path dataDir, long chainHeight) {
    if (signer.lastSigned().height() == 0 && chainHeight > 0) {
      LOG.warn("no signer state in {} though this node's chain is at height {}: if this"
              + " validator signed there before (the file deleted, or the home restored from a"
              + " copy), only the consensus WAL keeps it from signing differently at height {}",
          dataDir.resolve(ConsensusSigner.FILE_NAME), chainHeight, chainHeight + 1);
    }
  }

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
    warnIfSignerStateLost(signer, dataDir, node.store().latestHeight());
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
