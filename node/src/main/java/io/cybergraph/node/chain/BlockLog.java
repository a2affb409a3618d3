package io.cybergraph.node.chain;

import io.cybergraph.node.rankpipe.RankSnapshot;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per committed block: height, txs, links, the rank it commits to, timings. */
public final class BlockLog implements CommitListener {
  private static final Logger LOG = LoggerFactory.getLogger("block");

  @Override
  public void committed(BlockCommitted e) {
    RankSnapshot rank = e.rank();
    LOG.info(
        "height {} | {} txs, {} links, {} new particles | rank h{}: {} particles, {} iterations,"
            + " {} ms | block {} in {} ms | mempool {}",
        e.height(),
        e.execution().txHashes().size(),
        e.execution().links().size(),
        e.execution().newParticles().size(),
        rank.height(),
        rank.particles(),
        rank.iterations(),
        rank.computeMillis(),
        HexFormat.of().formatHex(e.head().blockId().getHash().toByteArray(), 0, 6),
        e.commitNanos() / 1_000_000,
        e.mempool().pending());
  }
}
