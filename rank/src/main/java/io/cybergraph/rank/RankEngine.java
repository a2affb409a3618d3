package io.cybergraph.rank;

import io.cybergraph.rank.graph.BuildScratch;
import io.cybergraph.rank.graph.CybergraphState;
import io.cybergraph.rank.graph.ParticleOrder;
import io.cybergraph.rank.graph.TransitionMatrices;
import io.cybergraph.rank.kernel.TriKernel;
import io.cybergraph.rank.math.Fixed;
import io.cybergraph.rank.parallel.WorkerPool;
import io.cybergraph.rank.tree.FocusProof;
import io.cybergraph.rank.tree.ParticleTexts;
import io.cybergraph.rank.tree.RankTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The rank engine of a node: the growing graph, and after every block the spec's block step
 * (§5) from the previous block's focus, the rank root (§6) and the queries on that focus
 * (karma §7, top particles, one particle's focus and its proof).
 *
 * <p>Per block: {@link #addLink} the block's links in order and {@link #setStake} the changed
 * stakes, then {@link #step()}. Not thread-safe; the work inside {@code step} runs on the
 * engine's worker threads. Close the engine to stop them.
 */
public final class RankEngine implements AutoCloseable {
  private final RankParams params;
  private final WorkerPool pool;
  private final CybergraphState graph = new CybergraphState();
  /** The particles' texts as the rank tree hashes them, encoded once per particle. */
  private final ParticleTexts texts = new ParticleTexts();
  /** The vectors of the iterations, kept from block to block. */
  private final TriKernel.Workspace workspace = new TriKernel.Workspace();
  /** Working arrays of the matrix build, kept from block to block. */
  private final BuildScratch buildScratch = new BuildScratch();
  /** The previous focus extended to this block's particles, and in internal order. */
  private long[] extended = new long[0];
  private long[] internal = new long[0];

  // The last block computed.
  private long[] focus = new long[0];
  private TransitionMatrices matrices;
  private long matricesVersion = -1;
  private RankTree tree = RankTree.empty();
  private int linksAtStep;
  private long[] linkWeightsAtStep = new long[0];
  private boolean[] linkedAtStep = new boolean[0];
  private long[] karma;
  private StepPhases phases = StepPhases.NONE;
  private java.util.function.LongSupplier phaseClock = System::nanoTime;

  /** @param threads worker threads for the products (results do not depend on it) */
  public RankEngine(RankParams params, int threads) {
    this.params = params;
    this.pool = new WorkerPool(threads);
  }

  public RankParams params() {
    return params;
  }

  /**
   * Adds a link of the current block.
   *
   * @return false if the neuron made this link before (ignored)
   * @throws IllegalArgumentException for a self-link
   */
  public boolean addLink(String neuron, String from, String to) {
    return graph.addLink(neuron, from, to);
  }

  /**
   * Sets a neuron's stake from the current block on.
   *
   * @throws IllegalArgumentException for a negative stake or a total stake reaching 2^62
   */
  public void setStake(String neuron, long stake) {
    graph.setStake(neuron, stake);
  }

  /** The graph as it is now (read it; change it through the engine). */
  public CybergraphState graph() {
    return graph;
  }

  /**
   * Runs the block step on the graph and stakes as they are now. If it throws (a violated
   * bound), the engine still describes the previous block.
   */
  public BlockResult step() {
    long started = System.nanoTime();
    long phaseStart = phaseClock.getAsLong();
    int n = graph.particleCount();
    if (n == 0) {
      matrices = null;
      focus = new long[0];
      tree = RankTree.empty();
      snapshotForQueries();
      return new BlockResult(0, 0, 0, tree.root(), 0, System.nanoTime() - started, new long[0]);
    }
    TransitionMatrices mats = matrices;
    if (mats == null || matricesVersion != graph.version()) {
      // a block without new links or stake changes of linking neurons keeps its matrices
      mats = TransitionMatrices.build(graph, pool, buildScratch);
    }
    long builtWall = System.nanoTime();
    long built = phaseClock.getAsLong();
    TriKernel kernel = new TriKernel(params, mats, pool, workspace);
    ParticleOrder order = mats.order();

    // §5.2: new particles start at ⌊ONE/n⌋, then the extended vector is normalised.
    if (extended.length < n) {
      extended = new long[n + n / 4];
      internal = new long[extended.length];
    }
    System.arraycopy(focus, 0, extended, 0, focus.length);
    Arrays.fill(extended, focus.length, n, Fixed.ONE / n);
    TriKernel.normaliseInPlace(extended, n);
    order.toInternal(extended, internal);
    long[] x = internal;
    long extendedAt = phaseClock.getAsLong();
    TriKernel.Iterations it = kernel.iterate(x, params.maxIterations(), params.eps());
    long iterated = phaseClock.getAsLong();
    long[] blockFocus = order.toExternal(it.x());
    long reordered = phaseClock.getAsLong();
    RankTree blockTree = RankTree.update(tree, blockFocus, texts(), pool);
    long treed = phaseClock.getAsLong();

    matrices = mats;
    matricesVersion = graph.version();
    focus = blockFocus;
    tree = blockTree;
    snapshotForQueries();
    phases = new StepPhases(built - phaseStart, extendedAt - built, iterated - extendedAt,
        reordered - iterated, treed - reordered, phaseClock.getAsLong() - treed);
    return new BlockResult(
        n, it.count(), it.delta(), tree.root(), builtWall - started, System.nanoTime() - started,
        it.nanos());
  }

  /**
   * Takes up from a stored state: the graph and stakes as at the end of a block (added before
   * this call), and that block's focus, as if {@link #step()} had just computed it. The next
   * step starts from this focus.
   *
   * @throws IllegalArgumentException if the focus does not have one value per particle, or a
   *     value is negative
   */
  public void resume(long[] blockFocus) {
    int n = graph.particleCount();
    if (blockFocus.length != n) {
      throw new IllegalArgumentException(
          "focus has " + blockFocus.length + " values for " + n + " particles");
    }
    for (long f : blockFocus) {
      if (f < 0) {
        throw new IllegalArgumentException("negative focus value " + f);
      }
    }
    TransitionMatrices mats = n == 0 ? null : TransitionMatrices.build(graph, pool, buildScratch);
    long[] copy = blockFocus.clone();
    RankTree blockTree = RankTree.build(copy, texts(), pool);
    matrices = mats;
    matricesVersion = graph.version();
    focus = copy;
    tree = blockTree;
    snapshotForQueries();
  }

  /** The texts of every particle now (appending the new ones). */
  private ParticleTexts texts() {
    for (int j = texts.size(); j < graph.particleCount(); j++) {
      texts.append(graph.particle(j));
    }
    return texts;
  }

  /** Keeps what karma needs of this block: links made so far, their weights, who linked. */
  private void snapshotForQueries() {
    karma = null;
    linksAtStep = graph.linkCount();
    linkWeightsAtStep = graph.linkWeights();
    linkedAtStep = new boolean[graph.neuronCount()];
    for (int k = 0; k < linkedAtStep.length; k++) {
      linkedAtStep[k] = graph.degree(k) > 0;
    }
  }

  /**
   * Sets the clock of {@link #phases()} (default {@link System#nanoTime}; a benchmark may pass
   * the process CPU time to see the work of all threads on a shared machine).
   */
  public void phaseClock(java.util.function.LongSupplier clock) {
    this.phaseClock = clock;
  }

  /** Where the last {@link #step()} spent its time. */
  public StepPhases phases() {
    return phases;
  }

  /** The rank tree of the last block (immutable: safe to read from other threads). */
  public RankTree tree() {
    return tree;
  }

  /** The rank root of the last block. */
  public byte[] root() {
    return tree.root();
  }

  /**
   * The last block's focus in particle index order, without a copy: the engine replaces it at
   * the next step and never changes it, and neither may the caller.
   */
  public long[] focusShared() {
    return focus;
  }

  /** The last block's focus in particle index order (a copy). */
  public long[] focus() {
    return focus.clone();
  }

  /** The focus of one particle in the last block, if it was a particle then. */
  public OptionalLong focusOf(String cid) {
    int j = graph.particleIndex(cid);
    return j < 0 || j >= focus.length ? OptionalLong.empty() : OptionalLong.of(focus[j]);
  }

  /** A particle and its focus. */
  public record ParticleFocus(int index, String cid, long focus) {}

  /** The k particles of highest focus in the last block, ties by lower index. */
  public List<ParticleFocus> topK(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be ≥ 0");
    }
    Comparator<Integer> byRank =
        Comparator.<Integer>comparingLong(j -> focus[j]).reversed().thenComparingInt(j -> j);
    // a bounded heap whose head is the worst of the best k
    java.util.PriorityQueue<Integer> heap = new java.util.PriorityQueue<>(byRank.reversed());
    for (int j = 0; j < focus.length && k > 0; j++) {
      heap.add(j);
      if (heap.size() > k) {
        heap.poll();
      }
    }
    List<Integer> best = new ArrayList<>(heap);
    best.sort(byRank);
    List<ParticleFocus> out = new ArrayList<>(best.size());
    for (int j : best) {
      out.add(new ParticleFocus(j, graph.particle(j), focus[j]));
    }
    return out;
  }

  /** The audit proof of one particle's focus against {@link #root()}, if it was a particle. */
  public java.util.Optional<FocusProof> proof(String cid) {
    int j = graph.particleIndex(cid);
    if (j < 0 || j >= focus.length) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new FocusProof(j, focus.length, focus[j], cid, tree.path(j)));
  }

  /** Karma of one neuron in the last block (0 for a neuron without links then). */
  public long karma(String neuron) {
    int k = graph.neuronIndex(neuron);
    long[] all = karmaByIndex();
    return k < 0 || k >= all.length ? 0 : all[k];
  }

  /** Karma of every neuron that had made a link by the last block, sorted by neuron id. */
  public Map<String, Long> karma() {
    long[] all = karmaByIndex();
    Map<String, Long> out = new TreeMap<>(RankEngine::compareCodePoints);
    for (int k = 0; k < all.length; k++) {
      if (linkedAtStep[k]) {
        out.put(graph.neuron(k), all[k]);
      }
    }
    return out;
  }

  private long[] karmaByIndex() {
    if (karma == null) {
      karma =
          matrices == null
              ? new long[linkWeightsAtStep.length]
              : Karma.all(graph, linksAtStep, linkWeightsAtStep, matrices, focus);
    }
    return karma;
  }

  /** Orders strings by Unicode code point (as the vectors' Python sort does). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  @Override
  public void close() {
    pool.close();
  }
}
