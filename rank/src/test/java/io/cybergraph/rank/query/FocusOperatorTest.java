package io.cybergraph.rank.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.rank.RankParams;
import org.junit.jupiter.api.Test;

/** The products on the fork-join pool, and the Anderson-mixed fixed point. */
class FocusOperatorTest {
  static final RankParams PARAMS = RankParams.defaults();

  @Test
  void parallelProductsEqualSequentialOnesBitForBit() {
    // large enough for RowChunks to split the rows
    QueryGraph g = RandomGraphs.graph(2 * RowChunks.PARALLEL_MIN, 150_000, 80, 6, 21);
    FocusOperator par = new FocusOperator(g, PARAMS, true);
    FocusOperator seq = new FocusOperator(g, PARAMS, false);
    double[] x = new double[g.particles()];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextDouble();
    }
    for (int restart : new int[] {FocusOperator.UNIFORM, 17}) {
      double[] a = new double[x.length];
      double[] b = new double[x.length];
      par.z(x, restart, a, par.scratch());
      seq.z(x, restart, b, seq.scratch());
      assertArrayEquals(b, a, 0.0, "Z, restart " + restart);
      par.zT(x, restart, a, par.scratch());
      seq.zT(x, restart, b, seq.scratch());
      assertArrayEquals(b, a, 0.0, "Zᵀ, restart " + restart);
    }
  }

  @Test
  void andersonFixedPointMeetsItsToleranceInFewerProducts() {
    QueryGraph g = RandomGraphs.graph(3000, 12000, 60, 6, 22);
    FocusOperator op = new FocusOperator(g, PARAMS);
    int p = 5;
    double[] start = new double[g.particles()];
    start[p] = 1;
    FocusOperator.FixedPoint ref = op.fixedPoint(start, p, 1e-14, 100_000);
    FocusOperator.FixedPoint plain = op.fixedPoint(start, p, 1e-6, 100_000);
    FocusOperator.FixedPoint mixed = op.andersonFixedPoint(start, p, 1e-6, 100_000, 3);
    assertTrue(mixed.delta() <= 1e-6);
    assertTrue(mixed.iterations() < plain.iterations(),
        mixed.iterations() + " Anderson steps, " + plain.iterations() + " plain");
    // the a posteriori bound c δ/(1 − c) on the L1 distance
    double c = op.contraction();
    double l1 = 0;
    double sum = 0;
    for (int i = 0; i < g.particles(); i++) {
      l1 += Math.abs(mixed.x()[i] - ref.x()[i]);
      sum += mixed.x()[i];
    }
    assertTrue(l1 <= c * mixed.delta() / (1 - c), "distance " + l1);
    assertEquals(1, sum, 1e-12);
  }
}
