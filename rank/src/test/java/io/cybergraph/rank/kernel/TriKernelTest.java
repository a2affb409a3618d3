package io.cybergraph.rank.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cybergraph.rank.RankParams;
import io.cybergraph.rank.graph.CybergraphState;
import io.cybergraph.rank.graph.SparseRows;
import io.cybergraph.rank.graph.TransitionMatrices;
import io.cybergraph.rank.math.Fixed;
import io.cybergraph.rank.math.U128;
import io.cybergraph.rank.parallel.WorkerPool;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Φ as the kernel runs it (rotating buffers zeroed on the way, the output's sum carried to the
 * next call, one workspace across kernels and growing graphs) against spec §4 written plainly,
 * with fresh vectors every call.
 */
class TriKernelTest {

  /** Spec §4, one new vector per step, rows read through the slow path. */
  private static long[] referencePhi(RankParams p, TransitionMatrices mats, long[] x) {
    int n = x.length;
    long sx = 0;
    for (long xi : x) {
      sx += xi;
    }
    long[] d = new long[n];
    if (p.ld() != 0) {
      long sumE = 0;
      for (int j = 0; j < n; j++) {
        d[j] = Fixed.mulShift(p.a(), product(mats.diffusion(), j, x), 40);
        sumE += d[j];
      }
      long share = (sx - sumE) / n;
      for (int j = 0; j < n; j++) {
        d[j] += share;
      }
    }
    long[] z = new long[n];
    long[] vk = x.clone();
    for (int j = 0; j < n; j++) {
      z[j] = Fixed.mulShift(p.ld(), d[j], 40) + Fixed.mulShift(p.b()[0], x[j], 40);
    }
    for (int k = 1; k <= p.lastPower(); k++) {
      long[] next = new long[n];
      for (int i = 0; i < n; i++) {
        next[i] = product(mats.symmetric(), i, vk);
        z[i] += Fixed.mulShift(p.b()[k], next[i], 40);
      }
      vk = next;
    }
    long t = 0;
    for (long zj : z) {
      t += zj;
    }
    long f = U128.divide(1L << 58, 0, t);
    long[] out = new long[n];
    for (int j = 0; j < n; j++) {
      out[j] = Fixed.mulShift(z[j], f, 62);
    }
    return out;
  }

  private static long product(SparseRows rows, int row, long[] x) {
    long sum = 0;
    for (long[] e : rows.entries(row)) {
      sum += Fixed.mulShift(x[(int) e[0]], e[1], 40);
    }
    return sum;
  }

  private static RankParams params(int springs, int heat, String lambdaD) {
    String rest = Integer.toString(0); // λ_s and λ_h share what λ_d leaves
    RankParams.Builder b = RankParams.builder()
        .set("springs_terms", Integer.toString(springs))
        .set("heat_terms", Integer.toString(heat));
    if (lambdaD.equals("1")) {
      b.set("lambda_d", "1").set("lambda_s", rest).set("lambda_h", rest);
    }
    return b.build();
  }

  private static void grow(CybergraphState g, SplittableRandom rnd, int links) {
    int base = g.particleCount();
    for (int l = 0; l < links; l++) {
      int from = rnd.nextInt(base + 20);
      int to = rnd.nextInt(base + 20);
      if (from != to) {
        g.addLink("n" + rnd.nextInt(5), "p" + from, "p" + to);
      }
    }
    g.setStake("n" + rnd.nextInt(5), 1 + rnd.nextLong(1L << 40));
  }

  @Test
  void phiEqualsTheSpecForEveryNumberOfPowersAcrossCallsKernelsAndGrowth() {
    int[][] terms = {{0, 0}, {1, 0}, {0, 2}, {3, 1}, {2, 3}, {4, 4}, {8, 10}};
    for (int threads : new int[] {1, 3}) {
      try (WorkerPool pool = new WorkerPool(threads)) {
        for (int[] t : terms) {
          for (String ld : new String[] {"0.5", "1"}) {
            RankParams p = params(t[0], t[1], ld);
            CybergraphState g = new CybergraphState();
            for (int k = 0; k < 5; k++) {
              g.setStake("n" + k, 1000 + k);
            }
            SplittableRandom rnd = new SplittableRandom(t[0] * 31L + t[1]);
            TriKernel.Workspace work = new TriKernel.Workspace();
            for (int block = 0; block < 4; block++) {
              grow(g, rnd, 300);
              TransitionMatrices mats = TransitionMatrices.build(g, pool, block % 2 == 0, 4);
              TriKernel kernel = new TriKernel(p, mats, pool, work);
              int n = mats.size();
              long[] x = new long[n];
              Arrays.fill(x, Fixed.ONE / n);
              x[0] += Fixed.ONE / 3; // not uniform
              long[] out = new long[n + 7];
              long[] ref = x.clone();
              for (int i = 0; i < 4; i++) {
                long delta = kernel.phi(x, out);
                long[] expected = referencePhi(p, mats, ref);
                String at = p + " threads " + threads + " block " + block + " call " + i;
                assertArrayEquals(expected, Arrays.copyOf(out, n), at);
                long d = 0;
                for (int j = 0; j < n; j++) {
                  d += Math.abs(expected[j] - ref[j]);
                }
                assertEquals(d, delta, at);
                ref = expected;
                long[] swap = x;
                x = out;
                out = swap.length < n + 7 ? Arrays.copyOf(swap, n + 7) : swap;
              }
              TriKernel.Iterations it = kernel.iterate(ref, 3, 0);
              long[] expected = ref;
              for (int i = 0; i < 3; i++) {
                expected = referencePhi(p, mats, expected);
              }
              assertArrayEquals(expected, it.x(), p + " iterate, block " + block);
            }
          }
        }
      }
    }
  }

  @Test
  void aFailedPhiLeavesNoTraceInTheNextOne() {
    try (WorkerPool pool = new WorkerPool(2)) {
      RankParams p = RankParams.defaults();
      CybergraphState g = new CybergraphState();
      g.setStake("n0", 1000);
      SplittableRandom rnd = new SplittableRandom(9);
      grow(g, rnd, 500);
      TransitionMatrices mats = TransitionMatrices.build(g, pool);
      TriKernel.Workspace work = new TriKernel.Workspace();
      TriKernel kernel = new TriKernel(p, mats, pool, work);
      int n = mats.size();
      long[] bad = new long[n];
      Arrays.fill(bad, Fixed.ONE / n);
      bad[n - 1] = (1L << 61); // total ≥ 2^61: refused before any product
      long[] out = new long[n];
      org.junit.jupiter.api.Assertions.assertThrows(
          io.cybergraph.rank.math.RankBoundException.class, () -> kernel.phi(bad, out));
      long[] tiny = new long[n]; // total 2^58, so T ≤ 2^59: fails after the products have run
      Arrays.fill(tiny, (1L << 58) / n);
      org.junit.jupiter.api.Assertions.assertThrows(
          io.cybergraph.rank.math.RankBoundException.class, () -> kernel.phi(tiny, out));
      long[] x = new long[n];
      Arrays.fill(x, Fixed.ONE / n);
      kernel.phi(x, out); // the same kernel, on the workspace the failure left
      assertArrayEquals(referencePhi(p, mats, x), out);
      org.junit.jupiter.api.Assertions.assertThrows(
          io.cybergraph.rank.math.RankBoundException.class, () -> kernel.phi(tiny, out));
      TriKernel fresh = new TriKernel(p, mats, pool, work); // a new kernel on it
      fresh.phi(x, out);
      assertArrayEquals(referencePhi(p, mats, x), out);
    }
  }
}
