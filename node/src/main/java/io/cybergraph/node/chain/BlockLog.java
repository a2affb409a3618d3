package io.cybergraph.node.chain;

import io.cybergraph.node.rankpipe.RankSnapshot;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per committed block: height, txs, links, the rank it commits to, timings. While
 * block sync catches up the line is DEBUG: block sync's progress line (every 5 s) says where it
 * is, and formatting and printing a line per block was ~7% of applying one.
 */
public final class BlockLog implements CommitListener {
  private static final Logger LOG = LoggerFactory.getLogger("block");
  private static final String LINE =
      "height {} | {} txs, {} links, {} new particles | rank h{}: {} particles, {} iterations,"
          + " {} ms | block {} in {} ms | mempool {}";

  @Override
  public void committed(BlockCommitted e) {
    if (e.catchingUp() ? !LOG.isDebugEnabled() : !LOG.isInfoEnabled()) {
      return;
    }
    RankSnapshot rank = e.rank();
    Object[] args = {
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
        e.mempool().pending()};
    if (e.catchingUp()) {
      LOG.debug(LINE, args);
    } else {
      LOG.info(LINE, args);
    }
  }
}
