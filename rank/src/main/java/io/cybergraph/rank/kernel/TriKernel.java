package io.cybergraph.rank.kernel;

import io.cybergraph.rank.RankParams;
import io.cybergraph.rank.graph.SparseRows;
import io.cybergraph.rank.graph.TransitionMatrices;
import io.cybergraph.rank.math.Fixed;
import io.cybergraph.rank.math.RankBoundException;
import io.cybergraph.rank.math.U128;
import io.cybergraph.rank.parallel.RowPartition;
import io.cybergraph.rank.parallel.WorkerPool;
import java.util.Arrays;

/**
 * One iteration Φ of the tri-kernel (spec §4) and the iteration loop of a block (§5 step 3),
 * on vectors in the matrices' internal particle order.
 *
 * <p>Φ runs in phases over row chunks: the diffusion product, then the powers of M (the first
 * one also starts z with the diffusion and B_0 terms, each later one adds its B_k term), then
 * the normalisation. Every row is written by one chunk; partial sums are per chunk and added
 * exactly, so the bits do not depend on the thread count.
 */
public final class TriKernel {
  private static final long T_FLOOR = 1L << 59;
  /** Vectors entering the products stay below this (spec §1: focus entries ≤ 2^61). */
  private static final long X_LIMIT = 1L << 61;

  private final TransitionMatrices matrices;
  private final WorkerPool pool;
  private final long a;
  private final long ld;
  private final long[] b;
  private final int powers;
  private final int n;
  private final SparseRows pT;
  private final SparseRows m;
  private final RowPartition pParts;
  private final RowPartition mParts;
  private final RowPartition evenParts;
  private final long[] partial;
  private final long[] x4;
  private final long[] e;
  private final long[] z;
  private long[] v4;
  private long[] vNext4;

  public TriKernel(RankParams params, TransitionMatrices matrices, WorkerPool pool) {
    this.matrices = matrices;
    this.pool = pool;
    this.a = params.a();
    this.ld = params.ld();
    this.b = params.b();
    this.powers = params.lastPower();
    this.n = matrices.size();
    this.pT = matrices.diffusion();
    this.m = matrices.symmetric();
    int chunks = Math.max(1, Math.min(pool.chunks(), n));
    this.pParts = pT.parts();
    this.mParts = m.parts();
    this.evenParts = RowPartition.even(n, chunks);
    this.partial =
        new long[Math.max(chunks, Math.max(pParts.chunks(), mParts.chunks()))];
    this.x4 = new long[n];
    this.e = new long[n];
    this.z = new long[n];
    this.v4 = powers >= 1 ? new long[n] : null;
    this.vNext4 = powers >= 2 ? new long[n] : null;
  }

  public TransitionMatrices matrices() {
    return matrices;
  }

  /** The result of a block's iterations: focus (internal order), count, last δ, timings. */
  public record Iterations(long[] x, int count, long delta, long[] nanos) {}

  /**
   * §5 step 3: from x (internal order), repeat x = Φ(x) until δ ≤ eps or {@code max}
   * iterations have run; at least one always runs.
   */
  public Iterations iterate(long[] x, int max, long eps) {
    long[] cur = x.clone();
    long[] next = new long[n];
    long[] nanos = new long[max];
    int count = 0;
    long delta;
    do {
      long t = System.nanoTime();
      delta = phi(cur, next);
      nanos[count++] = System.nanoTime() - t;
      long[] swap = cur;
      cur = next;
      next = swap;
    } while (delta > eps && count < max);
    return new Iterations(cur, count, delta, Arrays.copyOf(nanos, count));
  }

  /**
   * out = Φ(x) for x in internal order (non-negative, length n ≥ 1, total below 2^61).
   *
   * @return δ = Σ |out_j − x_j|
   */
  public long phi(long[] x, long[] out) {
    // The products read vectors scaled by 4 (see SparseRows); every vector they produce sums
    // to at most Sx (column sums of P and M are at most 2^40), so Sx < 2^61 bounds them all.
    pool.forEach(
        evenParts.chunks(),
        c -> {
          long sumX = 0;
          for (int j = evenParts.from(c); j < evenParts.to(c); j++) {
            long xj = x[j];
            if (xj < 0) {
              throw new RankBoundException("negative focus entry " + xj);
            }
            x4[j] = xj << 2;
            sumX += xj;
          }
          partial[c] = sumX;
        });
    long sx = sum(partial, evenParts.chunks());
    if (sx >= X_LIMIT) {
      throw new RankBoundException("focus total ≥ 2^61: " + sx);
    }

    // 1. Diffusion: e_j = mulShift(A, y_j, 40), r = Sx − Σ e_j, D_j = e_j + ⌊r/n⌋.
    long share = 0;
    if (ld != 0) {
      pool.forEach(
          pParts.chunks(),
          c -> {
            int from = pParts.from(c);
            int to = pParts.to(c);
            Arrays.fill(e, from, to, 0);
            pT.addProducts(c, x4, e); // y_j
            long sumE = 0;
            for (int j = from; j < to; j++) {
              long ej = Fixed.mulQ40(a, e[j]);
              e[j] = ej;
              sumE += ej;
            }
            partial[c] = sumE;
          });
      long r = sx - sum(partial, pParts.chunks());
      if (r < 0) {
        throw new RankBoundException("diffusion moved more than the total focus");
      }
      share = r / n;
    }

    // 2-3. z_j = mulShift(LD, D_j, 40) + Σ_k mulShift(B_k, v^k_j, 40), v^0 = x, v^k = M v^(k-1).
    long shareF = share;
    boolean last1 = powers <= 1;
    pool.forEach(
        mParts.chunks(),
        c -> {
          int from = mParts.from(c);
          int to = mParts.to(c);
          if (powers >= 1) {
            Arrays.fill(v4, from, to, 0);
            m.addProducts(c, x4, v4); // v^1, not yet scaled
          }
          long sumZ = 0;
          for (int i = from; i < to; i++) {
            long zi = Fixed.mulQ40(b[0], x[i]);
            if (ld != 0) {
              zi += Fixed.mulQ40(ld, e[i] + shareF);
            }
            if (powers >= 1) {
              long vi = v4[i];
              v4[i] = vi << 2;
              zi += Fixed.mulQ40(b[1], vi);
            }
            z[i] = zi;
            sumZ += zi;
          }
          partial[c] = last1 ? sumZ : 0;
        });
    for (int k = 2; k <= powers; k++) {
      long bk = b[k];
      long[] src = v4;
      long[] dst = vNext4;
      pool.forEach(
          mParts.chunks(),
          c -> {
            int from = mParts.from(c);
            int to = mParts.to(c);
            Arrays.fill(dst, from, to, 0);
            m.addProducts(c, src, dst); // v^k, not yet scaled
            long sumZ = 0;
            for (int i = from; i < to; i++) {
              long vi = dst[i];
              dst[i] = vi << 2;
              long zi = z[i] + Fixed.mulQ40(bk, vi);
              z[i] = zi;
              sumZ += zi;
            }
            partial[c] = sumZ;
          });
      v4 = dst;
      vNext4 = src;
    }

    // 4. Normalise: T = Σ z_j, f = ⌊2^122 / T⌋, Φ_j = mulShift(z_j, f, 62).
    long f = scale(sum(partial, mParts.chunks()));
    pool.forEach(
        evenParts.chunks(),
        c -> {
          long delta = 0;
          for (int j = evenParts.from(c); j < evenParts.to(c); j++) {
            long xj = Fixed.mulShift(z[j], f, 62);
            delta += Math.abs(xj - x[j]);
            out[j] = xj;
          }
          partial[c] = delta;
        });
    return sum(partial, evenParts.chunks());
  }

  /** §4 step 4 on any non-negative vector: z scaled to total about ONE. */
  public long[] normalise(long[] zIn) {
    long total = 0;
    for (long zj : zIn) {
      total = Math.addExact(total, zj);
    }
    long f = scale(total);
    long[] out = new long[zIn.length];
    for (int j = 0; j < zIn.length; j++) {
      out[j] = Fixed.mulShift(zIn[j], f, 62);
    }
    return out;
  }

  /** f = ⌊2^122 / T⌋ for T > 2^59. */
  private static long scale(long total) {
    if (total <= T_FLOOR) {
      throw new RankBoundException("normalisation total T ≤ 2^59: " + total);
    }
    return U128.divide(1L << 58, 0, total);
  }

  /** The exact sum of the first {@code count} partial sums. */
  private static long sum(long[] parts, int count) {
    long s = 0;
    for (int c = 0; c < count; c++) {
      s = Math.addExact(s, parts[c]);
    }
    return s;
  }
}
