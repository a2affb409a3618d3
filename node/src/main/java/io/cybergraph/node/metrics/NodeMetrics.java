package io.cybergraph.node.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Every metric the node exports, in one place, on a registry of its own (so several nodes in
 * one JVM, as in tests, do not collide). Parts of the node call the setters; {@link
 * MetricsServer} serves the registry. Names follow Prometheus conventions: base units
 * (seconds), counters end in {@code _total}. Metrics are informative only: nothing agreed by
 * the chain reads them.
 */
public final class NodeMetrics {

  /** 2^60: a focus δ in units of ONE is shown as a fraction of the whole distribution. */
  private static final double ONE = 0x1p60;

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private final Gauge height = gauge("cyber_consensus_height", "Latest committed block height.");
  private final Gauge blockInterval =
      gauge("cyber_consensus_block_interval_seconds",
          "Time between the two latest blocks (header times).");
  private final Counter txs = counter("cyber_txs_total", "Transactions committed in blocks.");
  private final Counter links = counter("cyber_links_total", "Links committed in blocks.");
  private final Gauge mempoolSize = gauge("cyber_mempool_size", "Transactions in the mempool.");
  private final Gauge rankDuration =
      gauge("cyber_rank_duration_seconds", "Wall time of the latest block's focus computation.");
  private final Gauge rankIterations =
      gauge("cyber_rank_iterations", "Iterations of the latest block's focus computation.");
  private final Gauge rankDelta =
      gauge("cyber_rank_delta", "L1 change of the last iteration, as a fraction of the total focus.");
  private final Gauge rankHeight = gauge("cyber_rank_height", "Height of the latest computed focus.");
  private final Gauge particles = gauge("cyber_graph_particles", "Particles in the graph.");
  private final Gauge graphLinks = gauge("cyber_graph_links", "Links in the graph.");
  private final Gauge peers = gauge("cyber_p2p_peers", "Connected peers.");

  public PrometheusRegistry registry() {
    return registry;
  }

  /** A block was committed: its height, its time gap to the previous one, its txs and links. */
  public void blockCommitted(long blockHeight, long intervalNanos, int txCount, long linkCount) {
    height.set(blockHeight);
    blockInterval.set(intervalNanos / 1e9);
    txs.inc(txCount);
    links.inc(linkCount);
  }

  /** The focus of {@code rankHeight} was computed. */
  public void rankComputed(
      long focusHeight, long durationMillis, int iterations, long delta, long particleCount,
      long linkCount) {
    rankHeight.set(focusHeight);
    rankDuration.set(durationMillis / 1e3);
    rankIterations.set(iterations);
    rankDelta.set(delta / ONE);
    particles.set(particleCount);
    graphLinks.set(linkCount);
  }

  public void mempoolSize(int transactions) {
    mempoolSize.set(transactions);
  }

  public void peers(int connected) {
    peers.set(connected);
  }

  private Gauge gauge(String name, String help) {
    return Gauge.builder().name(name).help(help).register(registry);
  }

  private Counter counter(String name, String help) {
    return Counter.builder().name(name).help(help).register(registry);
  }
}
