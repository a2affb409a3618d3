package io.cybergraph.node.rankpipe;

import io.cybergraph.rank.graph.LinkView;
import io.cybergraph.rank.tree.FocusProof;
import io.cybergraph.rank.tree.RankTree;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The focus of one height, frozen: values and particle texts by index (the store's particle
 * indices, which are the engine's), the rank tree for proofs, karma by neuron, and what the
 * computation took. Immutable and shared with RPC threads, which never wait on the rank thread.
 */
public final class RankSnapshot {
  private final long height;
  private final long[] focus;
  private final String[] cids;
  private final RankTree tree;
  private final Map<String, Long> karma;
  private final long links;
  private final int iterations;
  private final long delta;
  private final long computeNanos;
  private final LinkView linkView;
  private volatile int[] byFocus;

  /**
   * @param height the block height this focus is for
   * @param focus focus by particle index (kept, not copied)
   * @param cids particle texts by index (kept, not copied; may be longer than focus, whose
   *     length is the particle count)
   * @param tree the rank tree over {@code focus}
   * @param karma karma of every neuron with links, by bech32 address
   * @param links links in the graph at this height
   * @param iterations iterations the block step ran (0 when resumed from storage)
   * @param delta δ of the last iteration
   * @param computeNanos wall time of the computation (informative)
   */
  public RankSnapshot(long height, long[] focus, String[] cids, RankTree tree,
      Map<String, Long> karma, long links, int iterations, long delta, long computeNanos) {
    this(height, focus, cids, tree, karma, links, iterations, delta, computeNanos, null);
  }

  /**
   * As above, with the links and weights of this height for the explain and context queries
   * (null: those queries are not available for it).
   */
  public RankSnapshot(long height, long[] focus, String[] cids, RankTree tree,
      Map<String, Long> karma, long links, int iterations, long delta, long computeNanos,
      LinkView linkView) {
    if (linkView != null && linkView.particles() != focus.length) {
      throw new IllegalArgumentException("link view and focus must have the same particles");
    }
    if (cids.length < focus.length || tree.size() != focus.length) {
      throw new IllegalArgumentException("focus and tree must have the same size, cids at least");
    }
    this.height = height;
    this.focus = focus;
    this.cids = cids;
    this.tree = tree;
    this.karma = Map.copyOf(karma);
    this.links = links;
    this.iterations = iterations;
    this.delta = delta;
    this.computeNanos = computeNanos;
    this.linkView = linkView;
  }

  /** The links and weights of this height (read only), or null if not kept. */
  public LinkView linkView() {
    return linkView;
  }

  /** The empty focus of a height before any link. */
  public static RankSnapshot empty(long height) {
    return new RankSnapshot(
        height, new long[0], new String[0], RankTree.empty(), Map.of(), 0, 0, 0, 0);
  }

  public long height() {
    return height;
  }

  public int particles() {
    return focus.length;
  }

  /** Focus of particle {@code index} (below {@link #particles()}). */
  public long focus(int index) {
    return focus[index];
  }

  /** The focus vector (a copy). */
  public long[] focus() {
    return focus.clone();
  }

  public String cid(int index) {
    return cids[index];
  }

  public byte[] root() {
    return tree.root();
  }

  /** The audit proof of particle {@code index} against {@link #root()}. */
  public FocusProof proof(int index) {
    return new FocusProof(index, focus.length, focus[index], cids[index], tree.path(index));
  }

  /** Karma of a neuron (0 without links). */
  public long karmaOf(String neuron) {
    return karma.getOrDefault(neuron, 0L);
  }

  /** Neurons with links at this height. */
  public int neuronsWithLinks() {
    return karma.size();
  }

  public long links() {
    return links;
  }

  public int iterations() {
    return iterations;
  }

  public long delta() {
    return delta;
  }

  public long computeMillis() {
    return computeNanos / 1_000_000;
  }

  /** Particle indices by focus, highest first, ties by lower index (sorted once, on demand). */
  public int[] byFocus() {
    int[] order = byFocus;
    if (order == null) {
      long[] f = focus;
      order =
          IntStream.range(0, f.length)
              .boxed()
              .sorted(Comparator.<Integer>comparingLong(j -> f[j]).reversed()
                  .thenComparingInt(j -> j))
              .mapToInt(Integer::intValue)
              .toArray();
      byFocus = order;
    }
    return order;
  }

  @Override
  public String toString() {
    return "RankSnapshot[height " + height + ", " + focus.length + " particles]";
  }
}
