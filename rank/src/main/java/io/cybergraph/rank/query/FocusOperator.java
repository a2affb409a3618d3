package io.cybergraph.rank.query;

import io.cybergraph.rank.RankParams;
import io.cybergraph.rank.math.Fixed;
import java.util.Arrays;

/**
 * The tri-kernel Φ of spec §4 in doubles (no flooring) on a {@link QueryGraph}, and its
 * transpose, for queries. With x on the simplex, Φ(x) = Z x / 1ᵀZx where the linear part is
 *
 * <pre>
 *   Z x = λ_d (α Pᵀx + (ρᵀx)·r) + Σ_k B_k M^k x,   ρ_i = 1 − α (W_i &gt; 0), 1 (dangling)
 * </pre>
 *
 * with the restart distribution r uniform (the consensus rule) or e_p (focus in the context of
 * p). The coefficients are the rule's q40 integers over 2^40, rescaled so λ_d + Σ B_k = 1 (Φ
 * is scale free, and then 1ᵀZx = 1ᵀx exactly). The sparse products of a large graph run on the
 * common fork-join pool ({@link RowChunks}); sums over the particles stay sequential.
 */
public final class FocusOperator {
  /** Restart target meaning "spread uniformly" (the consensus rule). */
  public static final int UNIFORM = -1;

  final QueryGraph g;
  final double alpha;
  final double ld;
  /** B_0 .. B_K, K the last non-zero power. */
  final double[] b;
  final int k;
  /** ρ_i: the share of x_i that restarts. */
  final double[] rho;
  /** Products over the common fork-join pool (large graphs only). */
  final boolean parallel;

  public FocusOperator(QueryGraph g, RankParams params) {
    this(g, params, true);
  }

  /**
   * @param parallel whether the products of large graphs use the common fork-join pool (the
   *     results are the same either way)
   */
  public FocusOperator(QueryGraph g, RankParams params, boolean parallel) {
    this.g = g;
    this.parallel = parallel;
    double scale = Math.pow(2, -Fixed.Q);
    this.alpha = params.a() * scale;
    long[] bq = params.b();
    this.k = params.lastPower();
    double[] coef = new double[k + 1];
    double total = params.ld() * scale;
    for (int j = 0; j <= k; j++) {
      coef[j] = bq[j] * scale;
      total += coef[j];
    }
    for (int j = 0; j <= k; j++) {
      coef[j] /= total;
    }
    this.b = coef;
    this.ld = params.ld() * scale / total;
    this.rho = new double[g.n];
    for (int i = 0; i < g.n; i++) {
      rho[i] = g.invOut[i] > 0 ? 1 - alpha : 1;
    }
  }

  public QueryGraph graph() {
    return g;
  }

  /**
   * The L1 contraction of Φ on differences (spec §9): λ_d·α + λ_s + λ_h. Also bounds the
   * personalised operator.
   */
  public double contraction() {
    return ld * alpha + (1 - ld);
  }

  /** Scratch vectors of the graph's size for the products. */
  final class Scratch {
    final double[] a = new double[g.n];
    final double[] c = new double[g.n];
    final double[] d = new double[g.n];
  }

  Scratch scratch() {
    return new Scratch();
  }

  /**
   * out = Pᵀ x: out_j = Σ_i x_i w_ij / W_i. {@code tmp} takes x_i/W_i first, so each entry
   * reads one vector at a random index, not two.
   */
  void pT(double[] x, double[] out, double[] tmp) {
    int[] inStart = g.inStart;
    int[] inPair = g.inPair;
    int[] from = g.pairFrom;
    double[] w = g.pairWeight;
    double[] inv = g.invOut;
    RowChunks.run(g.n, parallel, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        tmp[i] = x[i] * inv[i];
      }
    });
    RowChunks.run(g.n, parallel, (lo, hi) -> {
      for (int j = lo; j < hi; j++) {
        double s = 0;
        for (int q = inStart[j]; q < inStart[j + 1]; q++) {
          int e = inPair[q];
          s += tmp[from[e]] * w[e];
        }
        out[j] = s;
      }
    });
  }

  /** out = P λ: out_i = Σ_j w_ij λ_j / W_i. */
  void p(double[] lam, double[] out) {
    int[] start = g.outStart;
    int[] to = g.pairTo;
    double[] w = g.pairWeight;
    RowChunks.run(g.n, parallel, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        double s = 0;
        for (int e = start[i]; e < start[i + 1]; e++) {
          s += w[e] * lam[to[e]];
        }
        out[i] = s * g.invOut[i];
      }
    });
  }

  /**
   * out = M x: out_a = Σ_b t_ab x_b / d_b; an isolated particle keeps x_a. {@code tmp} takes
   * x_b/d_b first (one random read per entry).
   */
  void m(double[] x, double[] out, double[] tmp) {
    mPlus(x, 0, null, out, tmp);
  }

  /**
   * out = M x + c·y (y may be null: c·y = 0), fused so the Horner step reads out once. {@code
   * tmp} takes x_b/d_b first (one random read per entry).
   */
  private void mPlus(double[] x, double c, double[] y, double[] out, double[] tmp) {
    int[] start = g.symStart;
    int[] nbr = g.symNbr;
    double[] t = g.symT;
    double[] inv = g.invDegree;
    RowChunks.run(g.n, parallel, (lo, hi) -> {
      for (int b = lo; b < hi; b++) {
        tmp[b] = x[b] * inv[b];
      }
    });
    RowChunks.run(g.n, parallel, (from, to) -> {
      for (int a = from; a < to; a++) {
        int lo = start[a];
        int hi = start[a + 1];
        double s;
        if (lo == hi) {
          s = x[a];
        } else {
          s = 0;
          for (int q = lo; q < hi; q++) {
            s += t[q] * tmp[nbr[q]];
          }
        }
        out[a] = y == null ? s : s + c * y[a];
      }
    });
  }

  /** out = Mᵀ u: out_b = Σ_a t_ab u_a / d_b; an isolated particle keeps u_b. */
  void mT(double[] u, double[] out) {
    mTPlus(u, 0, null, out);
  }

  /** out = Mᵀ u + c·y (y may be null). */
  private void mTPlus(double[] u, double c, double[] y, double[] out) {
    int[] start = g.symStart;
    int[] nbr = g.symNbr;
    double[] t = g.symT;
    RowChunks.run(g.n, parallel, (from, to) -> {
      for (int bb = from; bb < to; bb++) {
        int lo = start[bb];
        int hi = start[bb + 1];
        double s;
        if (lo == hi) {
          s = u[bb];
        } else {
          s = 0;
          for (int q = lo; q < hi; q++) {
            s += t[q] * u[nbr[q]];
          }
          s *= g.invDegree[bb];
        }
        out[bb] = y == null ? s : s + c * y[bb];
      }
    });
  }

  /** out = Z x with restart to {@code restart} ({@link #UNIFORM} or a particle). */
  void z(double[] x, int restart, double[] out, Scratch s) {
    int n = g.n;
    double restartMass = 0;
    for (int i = 0; i < n; i++) {
      restartMass += rho[i] * x[i];
    }
    linear(x, out, s);
    if (restart == UNIFORM) {
      double spread = ld * restartMass / n;
      for (int j = 0; j < n; j++) {
        out[j] += spread;
      }
    } else {
      out[restart] += ld * restartMass;
    }
  }

  /** out = G x = λ_d α Pᵀx + Σ_k B_k M^k x: Z without the restart. */
  void linear(double[] x, double[] out, Scratch s) {
    int n = g.n;
    pT(x, s.a, s.c);
    double la = ld * alpha;
    for (int j = 0; j < n; j++) {
      out[j] = la * s.a[j];
    }
    // Σ_k B_k M^k x by Horner: acc = B_K x; acc = B_k x + M acc
    double[] acc = s.c;
    double[] next = s.d;
    for (int i = 0; i < n; i++) {
      acc[i] = b[k] * x[i];
    }
    for (int j = k - 1; j >= 0; j--) {
      mPlus(acc, b[j], x, next, s.a); // s.a (Pᵀx) is already in out
      double[] t = acc;
      acc = next;
      next = t;
    }
    for (int i = 0; i < n; i++) {
      out[i] += acc[i];
    }
  }

  /** out = Zᵀ λ with restart to {@code restart}. */
  void zT(double[] lam, int restart, double[] out, Scratch s) {
    int n = g.n;
    p(lam, s.a);
    double rv;
    if (restart == UNIFORM) {
      double sum = 0;
      for (double v : lam) {
        sum += v;
      }
      rv = sum / n;
    } else {
      rv = lam[restart];
    }
    for (int i = 0; i < n; i++) {
      out[i] = ld * (alpha * s.a[i] + rho[i] * rv);
    }
    double[] acc = s.c;
    double[] next = s.d;
    for (int i = 0; i < n; i++) {
      acc[i] = b[k] * lam[i];
    }
    for (int j = k - 1; j >= 0; j--) {
      mTPlus(acc, b[j], lam, next);
      double[] t = acc;
      acc = next;
      next = t;
    }
    for (int i = 0; i < n; i++) {
      out[i] += acc[i];
    }
  }

  /** A fixed point: the vector, iterations run, and the L1 move of the last iteration. */
  public record FixedPoint(double[] x, int iterations, double delta) {}

  /** The uniform distribution, the consensus rule's start. */
  public double[] uniform() {
    double[] x = new double[g.n];
    Arrays.fill(x, 1.0 / g.n);
    return x;
  }

  /**
   * Iterates Φ (restart to {@code restart}) from {@code start} (copied, then normalised) until
   * an iteration moves at most {@code tolerance} in L1, or {@code maxIterations} ran, or the
   * move stops shrinking below 1e-15 (rounding).
   */
  public FixedPoint fixedPoint(double[] start, int restart, double tolerance, int maxIterations) {
    double[] x = start.clone();
    normalise(x);
    double[] y = new double[g.n];
    Scratch s = scratch();
    double delta = Double.POSITIVE_INFINITY;
    int it = 0;
    while (it < maxIterations) {
      z(x, restart, y, s);
      normalise(y);
      delta = 0;
      for (int i = 0; i < g.n; i++) {
        delta += Math.abs(y[i] - x[i]);
      }
      double[] t = x;
      x = y;
      y = t;
      it++;
      if (delta <= tolerance) {
        break;
      }
    }
    return new FixedPoint(x, it, delta);
  }

  /**
   * The fixed point of Φ (restart to {@code restart}) by {@link AndersonMixing} of the last
   * {@code memory} steps. Every point sums to 1 (the mixed differences sum to 0), so
   * Φ(x_k) = Z x_k, and the answer is Φ(x_k) for the first k with ‖Φ(x_k) − x_k‖₁ ≤ {@code
   * tolerance}: the a posteriori bound ‖Φ(x) − π‖₁ ≤ c‖Φ(x) − x‖₁/(1 − c) holds for any x of
   * sum 1, however it was found. Entries may dip below 0 on the way; the fixed point does not.
   */
  public FixedPoint andersonFixedPoint(double[] start, int restart, double tolerance,
      int maxIterations, int memory) {
    int n = g.n;
    double[] x = start.clone();
    normalise(x);
    double[] fx = new double[n];
    double[] f = new double[n];
    AndersonMixing mixing = new AndersonMixing(n, memory);
    Scratch s = scratch();
    double delta = Double.POSITIVE_INFINITY;
    int it = 0;
    while (it < maxIterations) {
      z(x, restart, fx, s);
      it++;
      delta = 0;
      for (int i = 0; i < n; i++) {
        f[i] = fx[i] - x[i];
        delta += Math.abs(f[i]);
      }
      if (delta <= tolerance || it == maxIterations) {
        break;
      }
      mixing.step(x, f, delta);
      normalise(x); // only rounding: the update keeps the sum
    }
    normalise(fx);
    return new FixedPoint(fx, it, delta);
  }

  static void normalise(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    if (sum > 0) {
      double inv = 1 / sum;
      for (int i = 0; i < x.length; i++) {
        x[i] *= inv;
      }
    }
  }
}
