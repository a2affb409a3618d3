package io.cybergraph.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.rank.graph.TransitionMatrices;
import io.cybergraph.rank.kernel.TriKernel;
import io.cybergraph.rank.math.Fixed;
import io.cybergraph.rank.parallel.WorkerPool;
import org.junit.jupiter.api.Test;

/**
 * The memory layout (column block size, relabelled or index order) and the thread count are
 * internal: Φ gives the same bits under all of them.
 */
class LayoutTest {

  private static long[] iterate(RankEngine engine, WorkerPool pool, boolean relabel,
      int blockBits, int iterations) {
    TransitionMatrices m = TransitionMatrices.build(engine.graph(), pool, relabel, blockBits);
    assertEquals((engine.graph().particleCount() - 1 >> blockBits) + 1, m.symmetric().blocks());
    TriKernel kernel = new TriKernel(engine.params(), m, pool);
    int n = m.size();
    long[] x = new long[n];
    java.util.Arrays.fill(x, Fixed.ONE / n);
    x = m.order().toInternal(kernel.normalise(x));
    long[] next = new long[n];
    for (int i = 0; i < iterations; i++) {
      kernel.phi(x, next);
      long[] t = x;
      x = next;
      next = t;
    }
    return m.order().toExternal(x);
  }

  @Test
  void resultsDoNotDependOnLayoutOrThreads() {
    try (RankEngine engine = new RankEngine(RankParams.defaults(), 1);
        WorkerPool one = new WorkerPool(1);
        WorkerPool two = new WorkerPool(2);
        WorkerPool eight = new WorkerPool(8)) {
      TestGraphs.powerLaw(engine, 2000, 15000, 7);
      long[] reference = iterate(engine, one, false, 20, 5);
      assertArrayEquals(reference, iterate(engine, one, true, 15, 5));
      assertArrayEquals(reference, iterate(engine, two, true, 2, 5));
      assertArrayEquals(reference, iterate(engine, eight, false, 5, 5));
      assertArrayEquals(reference, iterate(engine, eight, true, 9, 5));
    }
  }

  @Test
  void relabellingPutsHubsFirst() {
    try (RankEngine engine = new RankEngine(RankParams.defaults(), 1);
        WorkerPool pool = new WorkerPool(1)) {
      TestGraphs.powerLaw(engine, 1000, 8000, 8);
      TransitionMatrices m = TransitionMatrices.build(engine.graph(), pool);
      int[] start = m.symmetric().rowStarts();
      long firstRows = start[10] - start[0];
      long lastRows = start[m.size()] - start[m.size() - 10];
      assertTrue(firstRows > 10 * lastRows, firstRows + " vs " + lastRows);
      assertFalse(m.order().external(0) == 0 && m.order().external(1) == 1);
    }
  }
}
