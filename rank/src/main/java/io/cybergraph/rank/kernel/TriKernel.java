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
 *
 * <p>The phases are memory-bound, so each pass over the vectors does all it can: the powers of
 * M rotate through three buffers, and the pass that adds v^k to z also zeroes the buffer that
 * v^(k+1) will accumulate into (no one reads it any more); the first power's pass zeroes the
 * diffusion buffer for the next Φ, and the normalisation zeroes the first power's buffer and
 * sums Φ(x), which is the next Φ's Sx. The vectors live in a {@link Workspace} that the engine
 * keeps from block to block, so a block allocates none of them.
 */
public final class TriKernel {
  private static final long T_FLOOR = 1L << 59;
  /** Vectors entering the products stay below this (spec §1: focus entries ≤ 2^61). */
  private static final long X_LIMIT = 1L << 61;

  /**
   * The vectors of Φ, kept between blocks and grown (with room to spare) as the graph grows.
   * One kernel at a time may use a workspace.
   */
  public static final class Workspace {
    private long[] e = new long[0];
    private long[] z = new long[0];
    private final long[][] v = {new long[0], new long[0], new long[0]};
    private long[] cur = new long[0];
    private long[] next = new long[0];
    /** Entries [0, clean) of e and v are zero (the invariant between Φ calls). */
    private int clean;

    /** Makes room for n entries; the entries that e and v need zeroed are zeroed. */
    void ensure(int n) {
      if (e.length < n) {
        int capacity = (int) Math.min(Integer.MAX_VALUE - 16L, n + (long) n / 4);
        e = new long[capacity];
        z = new long[capacity];
        for (int k = 0; k < v.length; k++) {
          v[k] = new long[capacity];
        }
        cur = new long[capacity];
        next = new long[capacity];
        clean = capacity;
      }
      if (clean < n) {
        resetTo(n);
      }
    }

    /** Zeroes e and v over [0, n) (after a failed Φ, or for a first use). */
    void resetTo(int n) {
      Arrays.fill(e, 0, n, 0);
      for (long[] vk : v) {
        Arrays.fill(vk, 0, n, 0);
      }
      clean = n;
    }
  }

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
  private final long[] partial2;
  private final Workspace work;
  private final long[] e;
  private final long[] z;
  private final long[][] v;
  /** The last Φ output and its sum (the next Φ's Sx when it is the next input). */
  private long[] lastOut;
  private long lastOutSum;

  public TriKernel(RankParams params, TransitionMatrices matrices, WorkerPool pool) {
    this(params, matrices, pool, new Workspace());
  }

  /** A kernel on the vectors of {@code work} (which it grows if the graph outgrew it). */
  public TriKernel(
      RankParams params, TransitionMatrices matrices, WorkerPool pool, Workspace work) {
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
    this.partial2 = new long[partial.length];
    work.ensure(n);
    this.work = work;
    this.e = work.e;
    this.z = work.z;
    this.v = work.v;
  }

  public TransitionMatrices matrices() {
    return matrices;
  }

  /** The result of a block's iterations: focus (internal order), count, last δ, timings. */
  public record Iterations(long[] x, int count, long delta, long[] nanos) {}

  /**
   * §5 step 3: from x (internal order), repeat x = Φ(x) until δ ≤ eps or {@code max}
   * iterations have run; at least one always runs. The returned focus is a new array.
   */
  public Iterations iterate(long[] x, int max, long eps) {
    long[] cur = work.cur;
    long[] next = work.next;
    System.arraycopy(x, 0, cur, 0, n);
    lastOut = null; // cur may have been an output of this kernel: its sum is stale
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
    return new Iterations(Arrays.copyOf(cur, n), count, delta, Arrays.copyOf(nanos, count));
  }

  /**
   * out = Φ(x) for x in internal order (non-negative, at least n entries of which the first n
   * are read, total below 2^61); out gets n entries. When x is the previous call's out, its
   * sum is taken from that call: do not change it in between.
   *
   * @return δ = Σ |out_j − x_j|
   */
  public long phi(long[] x, long[] out) {
    if (x == out) {
      throw new IllegalArgumentException("Φ cannot run in place");
    }
    int dirty = work.clean;
    work.clean = 0; // until this Φ completes, e and v may hold anything
    if (dirty < n) {
      work.resetTo(n);
      work.clean = 0;
    }
    long sx;
    if (x == lastOut) {
      sx = lastOutSum; // summed (and non-negative) as it was written
    } else {
      pool.forEach(
          evenParts.chunks(),
          c -> {
            long sumX = 0;
            for (int j = evenParts.from(c); j < evenParts.to(c); j++) {
              long xj = x[j];
              if (xj < 0) {
                throw new RankBoundException("negative focus entry " + xj);
              }
              sumX += xj;
            }
            partial[c] = sumX;
          });
      sx = sum(partial, evenParts.chunks());
    }
    lastOut = null;
    if (sx >= X_LIMIT) {
      throw new RankBoundException("focus total ≥ 2^61: " + sx);
    }
    // Every vector the products make sums to at most Sx (column sums of P and M are at most
    // 2^40), so Sx < 2^61 bounds every entry they read.

    // 1. Diffusion: e_j = mulShift(A, y_j, 40), r = Sx − Σ e_j, D_j = e_j + ⌊r/n⌋.
    long share = 0;
    if (ld != 0) {
      pool.forEach(
          pParts.chunks(),
          c -> {
            pT.addProducts(c, x, e); // y_j (e is zero here)
            long sumE = 0;
            for (int j = pParts.from(c), to = pParts.to(c); j < to; j++) {
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

    // 2-3. z_j = mulShift(LD, D_j, 40) + Σ_k mulShift(B_k, v^k_j, 40), v^0 = x, v^k = M v^(k-1)
    // in v[k % 3]; each pass zeroes v[(k+1) % 3] (v^(k-2), read by no one now) for v^(k+1).
    long shareF = share;
    boolean last1 = powers <= 1;
    long[] v1 = v[1];
    long[] zeroNext = v[2];
    boolean zeroV2 = powers >= 2;
    pool.forEach(
        mParts.chunks(),
        c -> {
          int from = mParts.from(c);
          int to = mParts.to(c);
          if (powers >= 1) {
            m.addProducts(c, x, v1); // v^1
          }
          long sumZ = 0;
          for (int i = from; i < to; i++) {
            long zi = Fixed.mulQ40(b[0], x[i]);
            if (ld != 0) {
              zi += Fixed.mulQ40(ld, e[i] + shareF);
              e[i] = 0; // for the next Φ's diffusion
            }
            if (powers >= 1) {
              zi += Fixed.mulQ40(b[1], v1[i]);
            }
            if (zeroV2) {
              zeroNext[i] = 0;
            }
            z[i] = zi;
            sumZ += zi;
          }
          partial[c] = last1 ? sumZ : 0;
        });
    for (int k = 2; k <= powers; k++) {
      long bk = b[k];
      long[] src = v[(k - 1) % 3];
      long[] dst = v[k % 3];
      long[] zero = k < powers ? v[(k + 1) % 3] : null;
      pool.forEach(
          mParts.chunks(),
          c -> {
            m.addProducts(c, src, dst); // v^k (dst is zero here)
            long sumZ = 0;
            for (int i = mParts.from(c), to = mParts.to(c); i < to; i++) {
              long zi = z[i] + Fixed.mulQ40(bk, dst[i]);
              z[i] = zi;
              sumZ += zi;
              if (zero != null) {
                zero[i] = 0;
              }
            }
            partial[c] = sumZ;
          });
    }

    // 4. Normalise: T = Σ z_j, f = ⌊2^122 / T⌋, Φ_j = mulShift(z_j, f, 62). The same pass
    // zeroes v[1], which the next Φ's v^1 accumulates into (that Φ's v^1 pass zeroes v[2] for
    // v^2, whose pass zeroes v[0] for v^3, and so on).
    long f = scale(sum(partial, mParts.chunks()));
    long[] zero1 = powers >= 1 ? v[1] : null;
    pool.forEach(
        evenParts.chunks(),
        c -> {
          long delta = 0;
          long sumOut = 0;
          for (int j = evenParts.from(c), to = evenParts.to(c); j < to; j++) {
            long xj = Fixed.mulShift(z[j], f, 62);
            delta += Math.abs(xj - x[j]);
            sumOut += xj;
            out[j] = xj;
            if (zero1 != null) {
              zero1[j] = 0;
            }
          }
          partial[c] = delta;
          partial2[c] = sumOut;
        });
    long delta = sum(partial, evenParts.chunks());
    lastOutSum = sum(partial2, evenParts.chunks());
    lastOut = out;
    work.clean = Math.max(dirty, n);
    return delta;
  }

  /** §4 step 4 in place on the first {@code length} entries of {@code z}. */
  public static void normaliseInPlace(long[] z, int length) {
    long total = 0;
    for (int j = 0; j < length; j++) {
      total = Math.addExact(total, z[j]);
    }
    long f = scale(total);
    for (int j = 0; j < length; j++) {
      z[j] = Fixed.mulShift(z[j], f, 62);
    }
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
