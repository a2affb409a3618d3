package io.cybergraph.node.cli;

import io.cybergraph.rank.RankParams;
import io.cybergraph.rank.graph.CybergraphState;
import io.cybergraph.rank.query.ContextRanker;
import io.cybergraph.rank.query.Estimator;
import io.cybergraph.rank.query.Explainer;
import io.cybergraph.rank.query.Explanation;
import io.cybergraph.rank.query.FocusOperator;
import io.cybergraph.rank.query.QueryGraph;
import io.cybergraph.rank.synthetic.PowerLawGraph;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cyber bench query}: latency of explain and context queries on a seeded power-law
 * graph (the same graphs as {@code bench rank}), one query at a time as on a node (its products
 * on the common fork-join pool), and the
 * context answers' error against the converged fixed point.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Time explain and context queries on a reproducible power-law graph (default "
          + "parameters); check context values against the converged fixed point. Progress on stderr."
    })
public final class BenchQueryCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--particles", required = true, paramLabel = "N", description = "particles")
  int particles;

  @Option(names = "--links", required = true, paramLabel = "M", description = "distinct links")
  long links;

  @Option(names = "--queries", paramLabel = "Q", defaultValue = "100",
      description = "context queries (default: ${DEFAULT-VALUE})")
  int queries;

  @Option(names = "--explains", paramLabel = "E", defaultValue = "-1",
      description = "explain queries (default: as --queries)")
  int explains;

  @Option(names = "--check", paramLabel = "K", defaultValue = "3",
      description = "context answers checked against the converged fixed point (default: "
          + "${DEFAULT-VALUE})")
  int check;

  @Option(names = "--top", paramLabel = "N", defaultValue = "20",
      description = "context rows (default: ${DEFAULT-VALUE})")
  int top;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "graph seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--baseline",
      description = "also time each context query, interleaved, by the method before this one: "
          + "one thread, push budget 1 iteration, plain iteration from the push estimate")
  boolean baseline;

  /** The push budget of the baseline (the default before it fell to 0.1). */
  private static final double BASELINE_BUDGET = 1;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (particles < 2 || links < 1 || links > Integer.MAX_VALUE - 16 || queries < 0
        || check < 0 || top < 1 || explains < -1) {
      err.println("need --particles ≥ 2, 1 ≤ --links < 2^31, --queries ≥ 0, --check ≥ 0, --top ≥ 1");
      err.flush();
      return 2;
    }
    try {
      measure(out, err);
      return 0;
    } catch (OutOfMemoryError e) {
      err.println("out of memory: give the JVM more heap (CYBER_JAVA_OPTS=-Xmx...)");
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private void measure(PrintWriter out, PrintWriter err) {
    RankParams params = RankParams.defaults();
    progress(err, "generating %d particles, %d links (seed %d) ...", particles, links, seed);
    CybergraphState state = generate();
    long t = System.nanoTime();
    QueryGraph g = QueryGraph.of(state.linkView());
    double buildMs = (System.nanoTime() - t) / 1e6;
    FocusOperator op = new FocusOperator(g, params);
    Explainer explainer =
        new Explainer(op, Explainer.DEFAULT_TOLERANCE, Explainer.DEFAULT_MAX_ITERATIONS);
    t = System.nanoTime();
    FocusOperator.FixedPoint fp = explainer.fixedPoint();
    double fixedMs = (System.nanoTime() - t) / 1e6;
    out.printf(Locale.ROOT, "graph        %d particles, %d links, %d pairs; query graph build "
        + "%.0f ms; fixed point %d iterations (delta %.1e) %.0f ms%n", g.particles(), g.links(),
        g.pairs(), buildMs, fp.iterations(), fp.delta(), fixedMs);
    out.flush();

    SplittableRandom rnd = new SplittableRandom(seed + 1);
    int explainCount = explains < 0 ? queries : explains;
    long[] explainNanos = new long[explainCount];
    int[] solveIterations = new int[explainCount];
    for (int q = 0; q < explainCount; q++) {
      int p = linkedParticle(g, rnd);
      t = System.nanoTime();
      Explanation e = explainer.explain(p, fp.x(), Estimator.TRANSPOSE);
      e.topLinks(top);
      e.topNeurons(top);
      explainNanos[q] = System.nanoTime() - t;
      solveIterations[q] = e.iterations();
      progress(err, "explain %d/%d: %.0f ms, %d adjoint iterations", q + 1, explainCount,
          explainNanos[q] / 1e6, e.iterations());
    }
    if (explainCount > 0) {
      Arrays.sort(solveIterations);
      out.printf(Locale.ROOT, "explain      %d queries: p50 %.0f ms, p99 %.0f ms; adjoint "
              + "iterations median %d (tolerance %.0e)%n", explainCount,
          percentile(explainNanos, 50), percentile(explainNanos, 99),
          solveIterations[explainCount / 2], Explainer.DEFAULT_TOLERANCE);
    }

    ContextRanker ranker = new ContextRanker(op, ContextRanker.DEFAULT_TOLERANCE,
        ContextRanker.DEFAULT_BUDGET, ContextRanker.DEFAULT_MAX_ITERATIONS);
    ranker.farField(fp.x()); // as a node does: the height's fixed point is converged anyway
    ContextRanker before = baseline
        ? new ContextRanker(new FocusOperator(g, params, false), ContextRanker.DEFAULT_TOLERANCE,
            BASELINE_BUDGET, ContextRanker.DEFAULT_MAX_ITERATIONS, false)
        : null;
    long[] contextNanos = new long[queries];
    long[] baseNanos = new long[baseline ? queries : 0];
    int[] iterations = new int[queries];
    int[] baseIterations = new int[baseline ? queries : 0];
    int[] asked = new int[queries];
    int local = 0;
    double worstBound = 0;
    for (int q = 0; q < queries; q++) {
      int p = linkedParticle(g, rnd);
      asked[q] = p;
      t = System.nanoTime();
      ContextRanker.Context c = ranker.rank(p, top);
      contextNanos[q] = System.nanoTime() - t;
      iterations[q] = c.iterations();
      local += c.method() == ContextRanker.Method.GLOBAL ? 0 : 1;
      worstBound = Math.max(worstBound, c.errorBound());
      progress(err, "context %d/%d: %.1f ms, %s, work %d, %d iterations", q + 1, queries,
          contextNanos[q] / 1e6, c.method(), c.work(), c.iterations());
      if (before != null) {
        t = System.nanoTime();
        ContextRanker.Context b = before.rank(p, top);
        baseNanos[q] = System.nanoTime() - t;
        baseIterations[q] = b.iterations();
        progress(err, "  baseline: %.1f ms, %s, %d iterations", baseNanos[q] / 1e6, b.method(),
            b.iterations());
      }
    }
    if (queries > 0) {
      out.printf(Locale.ROOT, "context      %d queries (top %d): p50 %.1f ms, p99 %.1f ms, max "
              + "%.1f ms; local %d, global fallback %d (iterations median %d); largest stated "
              + "error bound %.1e%n",
          queries, top, percentile(contextNanos, 50), percentile(contextNanos, 99),
          percentile(contextNanos, 100), local, queries - local, median(iterations),
          worstBound);
    }
    if (before != null && queries > 0) {
      out.printf(Locale.ROOT, "baseline     same queries, previous method (one thread, budget 1, plain): p50 %.1f "
              + "ms, p99 %.1f ms (iterations median %d)%n", percentile(baseNanos, 50),
          percentile(baseNanos, 99), median(baseIterations));
    }
    double worstError = 0;
    int sameTop = 0;
    int checks = Math.min(check, queries);
    for (int q = 0; q < checks; q++) {
      int p = asked[q];
      ContextRanker.Context c = ranker.rank(p, top);
      FocusOperator.FixedPoint ref = ranker.converged(p, 1e-10, 100_000);
      for (int i = 0; i < c.top().length; i++) {
        worstError = Math.max(worstError, Math.abs(c.values()[i] - ref.x()[c.top()[i]]));
      }
      int[] refTop = ContextRanker.topOfDense(ref.x(), top);
      sameTop += Arrays.equals(refTop, c.top()) ? 1 : 0;
      progress(err, "check %d/%d: reference %d iterations", q + 1, checks, ref.iterations());
    }
    if (checks > 0) {
      out.printf(Locale.ROOT, "context err  %d answers against the fixed point iterated to "
          + "1e-10: max |value - converged| %.1e; top-%d identical in %d of %d%n", checks,
          worstError, top, sameTop, checks);
    }
    out.printf(Locale.ROOT, "machine      load average %.1f on %d cores%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
  }

  /** A uniformly random particle with at least one link of positive weight. */
  private static int linkedParticle(QueryGraph g, SplittableRandom rnd) {
    while (true) {
      int p = rnd.nextInt(g.particles());
      if (!g.isolated(p)) {
        return p;
      }
    }
  }


  private static int median(int[] values) {
    int[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double percentile(long[] nanos, int pct) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(pct / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private static void progress(PrintWriter err, String format, Object... args) {
    err.printf(Locale.ROOT, format + "%n", args);
    err.flush();
  }

  private CybergraphState generate() {
    return new PowerLawGraph(particles, links, seed).toGraph();
  }
}
