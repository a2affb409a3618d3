package io.cybergraph.rank.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.rank.RankParams;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The adjoint attributions against central finite differences of the converged fixed point,
 * with relative steps (weights span six decades).
 */
class ExplainerTest {
  static final RankParams PARAMS = RankParams.defaults();
  static final double H = 1e-4;

  /** Focus of p at the fixed point of the graph with other link weights, warm-started. */
  static double focusWith(QueryGraph g, double[] weights, double[] start, int p) {
    FocusOperator op = new FocusOperator(g.withWeights(weights), PARAMS);
    FocusOperator.FixedPoint fp = op.fixedPoint(start, FocusOperator.UNIFORM, 1e-15, 5_000);
    if (!(fp.delta() <= 1e-14)) { // the rounding floor of a sum of doubles
      throw new AssertionError("fixed point did not converge: " + fp.delta());
    }
    return fp.x()[p];
  }

  /** w_e · ∂focus_p/∂w_e by central differences with relative step H. */
  static double finiteDifference(QueryGraph g, double[] pi, int p, int link) {
    double[] up = g.linkWeights();
    double[] down = g.linkWeights();
    up[link] *= 1 + H;
    down[link] *= 1 - H;
    return (focusWith(g, up, pi, p) - focusWith(g, down, pi, p)) / (2 * H);
  }

  static int argMax(double[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void transposeAttributionsMatchFiniteDifferences() {
    for (long seed : new long[] {1, 2}) {
      QueryGraph g = RandomGraphs.graph(300, 1500, 40, 6, seed);
      FocusOperator op = new FocusOperator(g, PARAMS);
      Explainer explainer = new Explainer(op, 1e-15, 100_000);
      double[] pi = explainer.fixedPoint().x();
      for (int p : new int[] {argMax(pi), 150, 299}) {
        Explanation e = explainer.explain(p, pi, Estimator.TRANSPOSE);
        int[] checked = concat(e.topLinks(12), new int[] {3, 500, 1000, 1499});
        for (int l : checked) {
          double fd = finiteDifference(g, pi, p, l);
          double a = e.linkAttribution()[l];
          // 1e-6 relative, above the differences' own rounding floor (1e-16 / 2H)
          assertEquals(fd, a, 1e-6 * Math.abs(fd) + 1e-12,
              "seed " + seed + " particle " + p + " link " + l);
        }
      }
    }
  }

  @Test
  void epEstimatorIsFarOff() {
    QueryGraph g = RandomGraphs.graph(300, 1500, 40, 6, 3);
    FocusOperator op = new FocusOperator(g, PARAMS);
    Explainer explainer = new Explainer(op, 1e-15, 100_000);
    double[] pi = explainer.fixedPoint().x();
    int p = argMax(pi);
    double[] exact = explainer.explain(p, pi, Estimator.TRANSPOSE).linkAttribution();
    double[] ep = explainer.explain(p, pi, Estimator.EP).linkAttribution();
    double distance = relL1(ep, exact);
    assertTrue(distance > 0.05, "ep should be far from the adjoint, rel L1 " + distance);
    // unrolled converges to the adjoint as T grows
    double[] u200 = explainer.explain(p, pi, Estimator.unrolled(200)).linkAttribution();
    assertTrue(relL1(u200, exact) < 1e-6, "unrolled:200 rel L1 " + relL1(u200, exact));
    double[] u3 = explainer.explain(p, pi, Estimator.unrolled(3)).linkAttribution();
    assertTrue(relL1(u3, exact) > relL1(u200, exact));
  }

  @Test
  void neuronSumIsTheDerivativeOfItsStakeScale() {
    QueryGraph g = RandomGraphs.graph(250, 1200, 30, 6, 4);
    FocusOperator op = new FocusOperator(g, PARAMS);
    Explainer explainer = new Explainer(op, 1e-15, 100_000);
    double[] pi = explainer.fixedPoint().x();
    int p = argMax(pi);
    Explanation e = explainer.explain(p, pi, Estimator.TRANSPOSE);
    for (int k : e.topNeurons(5)) {
      double[] up = g.linkWeights();
      double[] down = g.linkWeights();
      for (int l = 0; l < g.links(); l++) {
        if (g.linkNeuron(l) == k) {
          up[l] *= 1 + H;
          down[l] *= 1 - H;
        }
      }
      double fd = (focusWith(g, up, pi, p) - focusWith(g, down, pi, p)) / (2 * H);
      assertEquals(fd, e.neuronAttribution()[k], 1e-6 * Math.abs(fd), "neuron " + k);
    }
    // a neuron of stake 0 attributes nothing
    assertEquals(0, e.neuronAttribution()[16]);
    // Φ does not change when every weight is scaled alike, so all neurons' sums cancel
    double total = 0;
    double size = 0;
    for (double a : e.neuronAttribution()) {
      total += a;
      size += Math.abs(a);
    }
    assertEquals(0, total, 1e-9 * size);
  }

  @Test
  void badParticleIsRefused() {
    QueryGraph g = RandomGraphs.graph(20, 40, 3, 2, 5);
    Explainer explainer = new Explainer(new FocusOperator(g, PARAMS), 1e-12, 1000);
    double[] pi = explainer.fixedPoint().x();
    assertThrows(IllegalArgumentException.class, () -> explainer.explain(20, pi, Estimator.TRANSPOSE));
    assertThrows(IllegalArgumentException.class, () -> Estimator.parse("unrolled:x"));
    assertThrows(IllegalArgumentException.class, () -> Estimator.parse("adjoint"));
    assertEquals(Estimator.unrolled(7), Estimator.parse("unrolled:7"));
  }

  static double relL1(double[] a, double[] ref) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < a.length; i++) {
      num += Math.abs(a[i] - ref[i]);
      den += Math.abs(ref[i]);
    }
    return num / den;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
