package io.cybergraph.rank.query;

import io.cybergraph.rank.RankParams;
import java.util.Locale;

/**
 * The docs/explain.md table: for several random graphs, the relative L1 distance
 * ‖a − fd‖₁/‖fd‖₁ of each estimator's link attributions from central finite differences of
 * the converged fixed point (every link of positive weight, relative step 1e-4).
 */
public final class EstimatorComparisonMain {
  private EstimatorComparisonMain() {}

  public static void main(String[] args) {
    Estimator[] estimators = {
      Estimator.TRANSPOSE, Estimator.EP, Estimator.unrolled(5), Estimator.unrolled(20),
      Estimator.unrolled(50)
    };
    System.out.print("| graph (particles/links/neurons, seed) | particle |");
    for (Estimator e : estimators) {
      System.out.print(" " + e + " |");
    }
    System.out.println();
    int[][] graphs = {{100, 400, 10, 1}, {300, 1500, 40, 2}, {300, 600, 40, 3},
        {500, 3000, 60, 4}};
    RankParams params = RankParams.defaults();
    for (int[] spec : graphs) {
      QueryGraph g = RandomGraphs.graph(spec[0], spec[1], spec[2], 6, spec[3]);
      FocusOperator op = new FocusOperator(g, params);
      Explainer explainer = new Explainer(op, 1e-15, 100_000);
      double[] pi = explainer.fixedPoint().x();
      for (int p : new int[] {ExplainerTest.argMax(pi), spec[0] / 2}) {
        double[] fd = new double[g.links()];
        for (int l = 0; l < g.links(); l++) {
          if (g.linkWeight(l) > 0) {
            fd[l] = ExplainerTest.finiteDifference(g, pi, p, l);
          }
        }
        System.out.printf(Locale.ROOT, "| %d/%d/%d, seed %d | %s |", spec[0], spec[1], spec[2],
            spec[3], p == ExplainerTest.argMax(pi) ? "top" : "p" + p);
        for (Estimator e : estimators) {
          double d = ExplainerTest.relL1(explainer.explain(p, pi, e).linkAttribution(), fd);
          System.out.printf(Locale.ROOT, " %.1e |", d);
        }
        System.out.println();
      }
    }
  }
}
