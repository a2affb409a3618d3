package io.cybergraph.rank.query;

import io.cybergraph.rank.RankParams;
import io.cybergraph.rank.synthetic.PowerLawGraph;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The docs/explain.md experiment behind "per-value bounds from a precomputed solve": the
 * Neumann sum s_T = Σ_{t<T} G^t e_p with the two-sided bound of its remainder by the Perron
 * pair (g = (I − G)φ, h = φ), against the converged context. Args: particles links queries.
 * Run: java -cp rank/target/classes:rank/target/test-classes io.cybergraph.rank.query.PerronBoundExperimentMain 200000 2000000 2
 */
public final class PerronBoundExperimentMain {
  private PerronBoundExperimentMain() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    long links = Long.parseLong(args[1]);
    int queries = Integer.parseInt(args[2]);
    QueryGraph g = QueryGraph.of(new PowerLawGraph(n, links, 1).toGraph().linkView());
    FocusOperator op = new FocusOperator(g, RankParams.defaults());
    FocusOperator.Scratch s = op.scratch();
    double[] phi = op.uniform();
    double[] y = new double[n];
    for (int it = 0; it < 60; it++) { // power iteration: the Perron vector of G
      op.linear(phi, y, s);
      FocusOperator.normalise(y);
      double[] t = phi;
      phi = y;
      y = t;
    }
    double[] gv = new double[n];
    op.linear(phi, y, s);
    double sumH = 0;
    for (int i = 0; i < n; i++) {
      gv[i] = phi[i] - y[i];
      sumH += phi[i];
    }
    ContextRanker ranker = new ContextRanker(op, 1e-4, 1, 100000);
    SplittableRandom rnd = new SplittableRandom(7);
    for (int q = 0; q < queries; q++) {
      int p;
      do {
        p = rnd.nextInt(n);
      } while (g.isolated(p));
      double[] ref = ranker.converged(p, 1e-13, 100000).x();
      int[] refTop = ContextRanker.topOfDense(ref, 20);
      double[] x = new double[n];
      x[p] = 1;
      double[] acc = new double[n];
      double[] est = new double[n];
      for (int step = 1; step <= 40; step++) {
        for (int i = 0; i < n; i++) {
          acc[i] += x[i];
        }
        op.linear(x, y, s);
        double[] t = x;
        x = y;
        y = t;
        double m = Double.POSITIVE_INFINITY;
        double mm = 0;
        double sa = 0;
        for (int i = 0; i < n; i++) {
          m = Math.min(m, x[i] / gv[i]);
          mm = Math.max(mm, x[i] / gv[i]);
          sa += acc[i];
        }
        double c = (m + mm) / 2;
        double sLo = sa + m * sumH;
        double sHi = sa + mm * sumH;
        double sEst = sa + c * sumH;
        double bound = 0;
        double err = 0;
        for (int i = 0; i < n; i++) {
          est[i] = (acc[i] + c * phi[i]) / sEst;
          double lo = (acc[i] + m * phi[i]) / sHi;
          double hi = (acc[i] + mm * phi[i]) / sLo;
          bound = Math.max(bound, Math.max(est[i] - lo, hi - est[i]));
          err = Math.max(err, Math.abs(est[i] - ref[i]));
        }
        boolean same = Arrays.equals(refTop, ContextRanker.topOfDense(est, 20));
        System.out.printf(Locale.ROOT, "p %d T %2d ratio [%.3e, %.3e] bound %.2e err %.2e "
            + "top20 %s%n", p, step, m, mm, bound, err, same);
        if (bound < 1e-5) {
          break;
        }
      }
    }
  }
}
