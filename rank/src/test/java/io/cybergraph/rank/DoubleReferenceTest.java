package io.cybergraph.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.rank.graph.CybergraphState;
import io.cybergraph.rank.math.Fixed;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The integer fixed point against independent double-precision implementations: the same
 * operators iterated to convergence, and (λ_d = 1) a textbook PageRank power iteration.
 */
class DoubleReferenceTest {

  /** The graph's directed weights w_ij = Σ ⌊s(k)/deg(k)⌋ as doubles, read from the state. */
  private static double[][] directedWeights(CybergraphState g) {
    int n = g.particleCount();
    Map<Long, Double> w = new HashMap<>();
    for (int l = 0; l < g.linkCount(); l++) {
      int k = g.linkNeuron(l);
      long weight = g.stake(k) / g.degree(k);
      if (weight > 0) {
        w.merge(((long) g.linkFrom(l) << 32) | g.linkTo(l), (double) weight, Double::sum);
      }
    }
    // dense is fine for a test graph of a few hundred particles
    double[][] dense = new double[n][n];
    w.forEach((key, v) -> dense[(int) (key >>> 32)][(int) (long) key] = v);
    return dense;
  }

  /** The spec's Φ in doubles, real coefficients, no rounding; iterated to 1e-15. */
  private static double[] doubleFixedPoint(
      double[][] w, double alpha, double ld, double ls, double lh, double mu, double tau,
      int ks, int kh) {
    int n = w.length;
    double[] out = new double[n];
    double[] deg = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        out[i] += w[i][j];
        deg[j] += w[i][j] + w[j][i];
      }
    }
    int k = Math.max(ks, kh);
    double[] coef = new double[k + 1];
    double taylorSum = 0;
    double term = 1;
    double[] taylor = new double[kh + 1];
    for (int j = 0; j <= kh; j++) {
      if (j > 0) {
        term *= tau / j;
      }
      taylor[j] = term;
      taylorSum += term;
    }
    for (int j = 0; j <= k; j++) {
      double a = j < ks ? mu / Math.pow(1 + mu, j + 1) : j == ks ? 1 / Math.pow(1 + mu, ks) : 0;
      double c = j <= kh ? taylor[j] / taylorSum : 0;
      coef[j] = ls * a + lh * c;
    }
    double[] x = new double[n];
    java.util.Arrays.fill(x, 1.0 / n);
    for (int it = 0; it < 100_000; it++) {
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (w[i][j] > 0) {
            y[j] += x[i] * w[i][j] / out[i];
          }
        }
      }
      double sx = 0;
      double se = 0;
      for (int j = 0; j < n; j++) {
        sx += x[j];
        se += alpha * y[j];
      }
      double[] z = new double[n];
      for (int j = 0; j < n; j++) {
        z[j] = ld * (alpha * y[j] + (sx - se) / n) + coef[0] * x[j];
      }
      double[] v = x;
      for (int p = 1; p <= k; p++) {
        double[] next = new double[n];
        for (int i = 0; i < n; i++) {
          if (deg[i] == 0) {
            next[i] = v[i];
            continue;
          }
          for (int j = 0; j < n; j++) {
            double t = w[i][j] + w[j][i];
            if (t > 0) {
              next[i] += v[j] * t / deg[j];
            }
          }
        }
        v = next;
        for (int i = 0; i < n; i++) {
          z[i] += coef[p] * v[i];
        }
      }
      double total = 0;
      for (double zj : z) {
        total += zj;
      }
      double delta = 0;
      for (int j = 0; j < n; j++) {
        double xj = z[j] / total;
        delta += Math.abs(xj - x[j]);
        x[j] = xj;
      }
      if (delta < 1e-15) {
        return x;
      }
    }
    throw new AssertionError("double iteration did not converge");
  }

  /** PageRank with uniform teleport and dangling mass spread uniformly, written plainly. */
  private static double[] pageRank(double[][] w, double alpha) {
    int n = w.length;
    double[] x = new double[n];
    java.util.Arrays.fill(x, 1.0 / n);
    for (int it = 0; it < 100_000; it++) {
      double[] next = new double[n];
      double dangling = 0;
      for (int i = 0; i < n; i++) {
        double out = 0;
        for (int j = 0; j < n; j++) {
          out += w[i][j];
        }
        if (out == 0) {
          dangling += x[i];
          continue;
        }
        for (int j = 0; j < n; j++) {
          next[j] += alpha * x[i] * w[i][j] / out;
        }
      }
      double delta = 0;
      for (int j = 0; j < n; j++) {
        next[j] += (1 - alpha) / n + alpha * dangling / n;
        delta += Math.abs(next[j] - x[j]);
      }
      x = next;
      if (delta < 1e-15) {
        return x;
      }
    }
    throw new AssertionError("PageRank did not converge");
  }

  private static double l1(long[] focus, double[] reference) {
    assertEquals(reference.length, focus.length);
    double err = 0;
    for (int j = 0; j < focus.length; j++) {
      err += Math.abs((double) focus[j] / Fixed.ONE - reference[j]);
    }
    return err;
  }

  private static long[] integerFixedPoint(RankParams params, int particles, int links, long seed,
      double[][][] weightsOut) {
    try (RankEngine engine = new RankEngine(params, 2)) {
      TestGraphs.powerLaw(engine, particles, links, seed);
      BlockResult r = engine.step();
      assertTrue(r.delta() <= params.eps(), "integer iteration converged: δ=" + r.delta());
      weightsOut[0] = directedWeights(engine.graph());
      return engine.focus();
    }
  }

  @Test
  void integerFixedPointMatchesDoubleOperators() {
    RankParams params =
        RankParams.builder().set("tolerance", "1e-13").set("max_iterations", "2000").build();
    double[][][] w = new double[1][][];
    long[] focus = integerFixedPoint(params, 300, 1500, 11, w);
    double[] reference = doubleFixedPoint(w[0], 0.85, 0.5, 0.3, 0.2, 1, 1, 8, 10);
    double err = l1(focus, reference);
    assertTrue(err < 1e-9, "L1 error " + err);
  }

  @Test
  void otherParametersMatchToo() {
    RankParams params =
        RankParams.builder()
            .set("alpha", "0.9").set("lambda_d", "0.6").set("lambda_s", "0.2")
            .set("lambda_h", "0.2").set("mu", "0.5").set("tau", "2")
            .set("springs_terms", "6").set("heat_terms", "12")
            .set("tolerance", "1e-13").set("max_iterations", "2000").build();
    double[][][] w = new double[1][][];
    long[] focus = integerFixedPoint(params, 200, 700, 12, w);
    double[] reference = doubleFixedPoint(w[0], 0.9, 0.6, 0.2, 0.2, 0.5, 2, 6, 12);
    double err = l1(focus, reference);
    assertTrue(err < 1e-9, "L1 error " + err);
  }

  @Test
  void pureDiffusionIsPageRank() {
    RankParams params =
        RankParams.builder()
            .set("lambda_d", "1").set("lambda_s", "0").set("lambda_h", "0")
            .set("tolerance", "1e-13").set("max_iterations", "2000").build();
    double[][][] w = new double[1][][];
    // fewer links than particles: many dangling particles
    long[] focus = integerFixedPoint(params, 300, 250, 13, w);
    double err = l1(focus, pageRank(w[0], 0.85));
    assertTrue(err < 1e-9, "L1 error " + err);
  }
}
