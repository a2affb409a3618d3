package io.cybergraph.node.rankpipe;

import io.cybergraph.rank.RankParams;
import io.cybergraph.rank.graph.LinkView;
import io.cybergraph.rank.query.ContextRanker;
import io.cybergraph.rank.query.Explainer;
import io.cybergraph.rank.query.FocusOperator;
import io.cybergraph.rank.query.QueryGraph;

/**
 * The explain and context queries' state for the latest focus: the double graph of a
 * snapshot's links (built on the first query of a graph version, then reused while the
 * weights stay the same) and the double fixed point of its height, converged from the
 * committed integer focus. One graph is kept at a time: queries go to the latest focus.
 * Floating point, never hashed or agreed.
 */
public final class RankQueries {
  private static final double ONE = 0x1p60;

  /** The query tools over one graph version; explainer and ranker are null when λ_d = 0. */
  public record Tools(long version, QueryGraph graph, FocusOperator operator, Explainer explainer,
      ContextRanker ranker) {}

  /**
   * Explain and context queries computing at once at most: each holds vectors of the graph's
   * size (and a large graph's queries take seconds), so more would only share the cores and
   * risk the heap.
   */
  public static final int MAX_RUNNING = 2;

  private final RankParams params;
  private final java.util.concurrent.Semaphore running =
      new java.util.concurrent.Semaphore(MAX_RUNNING);
  private Tools tools;
  private long focusHeight = -1;
  private double[] focus;

  public RankQueries(RankParams params) {
    this.params = params;
  }

  /** Takes a running slot, or returns false when {@link #MAX_RUNNING} queries are running. */
  public boolean tryStart() {
    return running.tryAcquire();
  }

  /** Gives back the slot of {@link #tryStart()}. */
  public void finish() {
    running.release();
  }

  /**
   * The tools for a snapshot's graph.
   *
   * @throws IllegalStateException if the snapshot holds no links view
   */
  public synchronized Tools tools(RankSnapshot s) {
    LinkView v = s.linkView();
    if (v == null) {
      throw new IllegalStateException("focus of height " + s.height() + " has no query graph");
    }
    if (tools == null || tools.version() != v.version()
        || tools.graph().particles() != v.particles()) {
      tools = null; // let the old graph go first
      QueryGraph g = QueryGraph.of(v);
      FocusOperator op = new FocusOperator(g, params);
      ContextRanker ranker;
      try {
        ranker = new ContextRanker(op, ContextRanker.DEFAULT_TOLERANCE,
            ContextRanker.DEFAULT_BUDGET, ContextRanker.DEFAULT_MAX_ITERATIONS);
      } catch (IllegalArgumentException e) {
        ranker = null; // the rule's parameters leave no restart (lambda_d = 0)
      }
      Explainer explainer;
      try {
        explainer = new Explainer(op, Explainer.DEFAULT_TOLERANCE,
            Explainer.DEFAULT_MAX_ITERATIONS);
      } catch (IllegalArgumentException e) {
        explainer = null;
      }
      tools = new Tools(v.version(), g, op, explainer, ranker);
    }
    return tools;
  }

  /**
   * The double fixed point of the snapshot's graph, iterated from its committed focus (which
   * the rule stops at a 1e-9 move) to {@link Explainer#DEFAULT_TOLERANCE}.
   */
  public synchronized double[] focus(RankSnapshot s, Tools t) {
    if (focusHeight != s.height() || focus == null || focus.length != s.particles()) {
      double[] start = new double[s.particles()];
      for (int j = 0; j < start.length; j++) {
        start[j] = s.focus(j) / ONE;
      }
      focus = t.operator().fixedPoint(start, FocusOperator.UNIFORM, Explainer.DEFAULT_TOLERANCE,
          Explainer.DEFAULT_MAX_ITERATIONS).x();
      focusHeight = s.height();
    }
    if (t.ranker() != null) {
      t.ranker().farField(focus); // the contexts' warm start (same graph, same π*)
    }
    return focus;
  }

  /**
   * The context ranker of the snapshot's graph, warm-started from the height's fixed point
   * (converged here on the first query of a height), or null when λ_d = 0.
   */
  public ContextRanker ranker(RankSnapshot s) {
    Tools t = tools(s);
    if (t.ranker() == null) {
      return null;
    }
    focus(s, t);
    return t.ranker();
  }
}
