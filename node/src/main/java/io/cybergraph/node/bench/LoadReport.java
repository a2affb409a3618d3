package io.cybergraph.node.bench;

/**
 * What a load run measured.
 *
 * @param linksCommitted links in the load's committed txs
 * @param txsCommitted the load's committed txs
 * @param seconds from the first measured submission (after any warm-up txs) to the last
 *     commit seen
 * @param latencyMsP50 median commit latency (submission, or when the tx was due in an open loop,
 *     → block seen committed)
 * @param latencyMsP99 99th percentile of it
 * @param errors txs the node refused for a reason other than back-pressure, or lost
 * @param retries submissions refused for back-pressure (bandwidth, full mempool) and retried
 * @param blocks blocks committed during the run
 * @param graphParticles particles in the graph at the end
 * @param graphLinks links in the graph at the end
 * @param rankMsP50 median rank computation time per block during the run
 * @param rankMsMax longest rank computation during the run
 */
public record LoadReport(
    long linksCommitted,
    long txsCommitted,
    double seconds,
    long latencyMsP50,
    long latencyMsP99,
    long errors,
    long retries,
    long blocks,
    long graphParticles,
    long graphLinks,
    long rankMsP50,
    long rankMsMax) {

  public double linksPerSecond() {
    return seconds <= 0 ? 0 : linksCommitted / seconds;
  }
}
