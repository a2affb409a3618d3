package io.cybergraph.rank.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.rank.RankParams;
import org.junit.jupiter.api.Test;

/** π*(·|p) from the local method and the fallback against the converged global iteration. */
class ContextRankerTest {
  static final RankParams PARAMS = RankParams.defaults();

  private static void checkAgainstConverged(ContextRanker ranker, int p, ContextRanker.Method expected) {
    FocusOperator.FixedPoint ref = ranker.converged(p, 1e-14, 100_000);
    assertTrue(ref.delta() <= 1e-14);
    ContextRanker.Context c = ranker.rank(p, 20);
    if (expected != null) {
      assertEquals(expected, c.method(), "method for particle " + p);
    }
    assertTrue(c.errorBound() <= 1e-4, "bound " + c.errorBound());
    int[] refTop = ContextRanker.topOfDense(ref.x(), 20);
    assertArrayEquals(refTop, c.top(), "top-20 of particle " + p);
    for (int i = 0; i < c.top().length; i++) {
      double err = Math.abs(c.values()[i] - ref.x()[c.top()[i]]);
      assertTrue(err <= 1e-4, "value error " + err);
      assertTrue(err <= c.errorBound() + 1e-12, "error " + err + " within stated " + c.errorBound());
    }
  }

  @Test
  void localMethodMatchesTheConvergedFixedPoint() {
    QueryGraph g = RandomGraphs.graph(3000, 9000, 60, 6, 7);
    FocusOperator op = new FocusOperator(g, PARAMS);
    ContextRanker ranker = new ContextRanker(op, 1e-4, 1e9, 100_000);
    for (int p : new int[] {0, 5, 100, 1500, 2999}) {
      if (!g.isolated(p)) {
        checkAgainstConverged(ranker, p, ContextRanker.Method.LOCAL);
      }
    }
  }

  @Test
  void fallbackMatchesToo() {
    QueryGraph g = RandomGraphs.graph(2000, 8000, 60, 6, 8);
    FocusOperator op = new FocusOperator(g, PARAMS);
    ContextRanker ranker = new ContextRanker(op, 1e-4, 0.01, 100_000);
    for (int p : new int[] {0, 42, 1999}) {
      if (!g.isolated(p)) {
        checkAgainstConverged(ranker, p, ContextRanker.Method.GLOBAL);
      }
    }
  }

  @Test
  void warmStartFromTheFixedPointMeetsTheBoundInFewerIterations() {
    QueryGraph g = RandomGraphs.graph(3000, 15000, 60, 6, 11);
    FocusOperator op = new FocusOperator(g, PARAMS);
    double[] focus = op.fixedPoint(op.uniform(), FocusOperator.UNIFORM, 1e-12, 100_000).x();
    ContextRanker cold = new ContextRanker(op, 1e-4, 0.01, 100_000);
    ContextRanker warm = new ContextRanker(op, 1e-4, 0.01, 100_000);
    warm.farField(focus);
    int coldIterations = 0;
    int warmIterations = 0;
    for (int p : new int[] {1, 77, 1500, 2998}) {
      if (g.isolated(p)) {
        continue;
      }
      checkAgainstConverged(cold, p, ContextRanker.Method.GLOBAL);
      checkAgainstConverged(warm, p, ContextRanker.Method.GLOBAL);
      coldIterations += cold.solve(p).iterations();
      warmIterations += warm.solve(p).iterations();
    }
    assertTrue(warmIterations < coldIterations,
        "warm " + warmIterations + " iterations, cold " + coldIterations);
  }

  @Test
  void farFieldOfAnotherGraphIsRefused() {
    QueryGraph g = RandomGraphs.graph(100, 300, 10, 3, 12);
    ContextRanker ranker = new ContextRanker(new FocusOperator(g, PARAMS), 1e-4, 1, 1000);
    assertThrows(IllegalArgumentException.class, () -> ranker.farField(new double[99]));
  }

  @Test
  void statedBoundHoldsWhenTheToleranceIsLoose() {
    // a loose tolerance stops early: the stated bound must still cover the actual error
    QueryGraph g = RandomGraphs.graph(2000, 8000, 60, 6, 13);
    FocusOperator op = new FocusOperator(g, PARAMS);
    ContextRanker ranker = new ContextRanker(op, 1e-2, 0.01, 100_000);
    for (int p : new int[] {3, 900}) {
      double[] ref = ranker.converged(p, 1e-14, 100_000).x();
      ContextRanker.Solution sol = ranker.solve(p);
      assertTrue(sol.errorBound() <= 1e-2);
      double worst = 0;
      for (int j = 0; j < g.particles(); j++) {
        worst = Math.max(worst, Math.abs(sol.value(j) - ref[j]));
      }
      assertTrue(worst <= sol.errorBound(), "error " + worst + " > bound " + sol.errorBound());
    }
  }

  @Test
  void isolatedParticleIsItsOwnContext() {
    // particle 3 has only a link of weight 0; particle 4 no link at all
    QueryGraph g = QueryGraph.of(5, new int[] {0, 0, 1}, new int[] {0, 1, 3},
        new int[] {1, 2, 0}, new double[] {5, 7, 0});
    FocusOperator op = new FocusOperator(g, PARAMS);
    ContextRanker ranker = new ContextRanker(op, 1e-4, 4, 100_000);
    for (int p : new int[] {3, 4}) {
      ContextRanker.Context c = ranker.rank(p, 20);
      assertArrayEquals(new int[] {p}, c.top());
      assertArrayEquals(new double[] {1}, c.values());
      assertEquals(1.0, ranker.converged(p, 1e-14, 10_000).x()[p], 1e-14);
    }
    // and a linked particle's context is a distribution over its component
    ContextRanker.Context c = ranker.rank(0, 20);
    double sum = 0;
    for (double v : c.values()) {
      sum += v;
    }
    assertEquals(1, sum, 1e-4);
    assertEquals(3, c.top().length);
  }

  @Test
  void contextDiffersFromGlobalFocusAndFavoursTheParticle() {
    QueryGraph g = RandomGraphs.graph(1000, 4000, 30, 4, 9);
    FocusOperator op = new FocusOperator(g, PARAMS);
    double[] global = op.fixedPoint(op.uniform(), FocusOperator.UNIFORM, 1e-14, 100_000).x();
    int p = 700;
    double[] context = new ContextRanker(op, 1e-4, 4, 100_000).converged(p, 1e-14, 100_000).x();
    assertTrue(context[p] > 10 * global[p], "p gains its restart mass");
  }
}
