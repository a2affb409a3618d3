package io.cybergraph.rank.query;

/**
 * Attributions of a particle's focus to links and neurons (see {@link Explanation}), by the
 * implicit function theorem at the fixed point π = Φ(π; w).
 *
 * <p>On the simplex Φ(x) = Zx (1ᵀZx = 1ᵀx), so ∂Φ/∂x = Z − π1ᵀ and ∂Φ/∂w = ∂(Zx)/∂w. With
 * J = I − ∂Φ/∂x, dπ_p/dw = λᵀ ∂(Zπ)/∂w where <b>Jᵀλ = e_p</b>, solved by the relaxation
 * λ ← Zᵀλ − 1(πᵀλ) + e_p, which contracts like Φ. Then for the pair e = (i, j):
 *
 * <pre>
 *   λᵀ∂(Zπ)/∂w_ij = λ_d α π_i/W_i (λ_j − (Pλ)_i)
 *       + Σ_{m&lt;K} [ v^m_j (u_m,i − (Mᵀu_m)_j)/d_j + v^m_i (u_m,j − (Mᵀu_m)_i)/d_i ]
 * </pre>
 *
 * with v^m = M^m π and u_{K−1} = B_K λ, u_{m−1} = B_m λ + Mᵀu_m: the derivative of
 * Σ_k B_k M^k through the entries t_ab/d_b of M that w_ij touches (two entries and two
 * column normalisations). A link's attribution is its weight times its pair's derivative.
 */
public final class Explainer {
  /** For a node's queries: a move below this (the rule's own tolerance is 1e-9) is converged. */
  public static final double DEFAULT_TOLERANCE = 1e-10;

  public static final int DEFAULT_MAX_ITERATIONS = 10_000;

  /** Steps the adjoint solve's Anderson mixing remembers (two vectors of the graph each). */
  static final int ANDERSON_MEMORY = 3;

  private final FocusOperator op;
  private final double tolerance;
  private final int maxIterations;

  /**
   * @param tolerance stop the fixed point and the linear solves when an iteration moves at most
   *     this much (L1 for the focus, max norm for λ)
   * @param maxIterations iterations of each at most
   * @throws IllegalArgumentException if λ_d = 0 (no unique fixed point)
   */
  public Explainer(FocusOperator op, double tolerance, int maxIterations) {
    if (!(op.ld > 0)) {
      // without diffusion Φ need not contract (spec §9): no unique fixed point to differentiate
      throw new IllegalArgumentException("explain needs lambda_d > 0");
    }
    this.op = op;
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
  }

  /** The fixed point from uniform (the same as from any start: it is unique). */
  public FocusOperator.FixedPoint fixedPoint() {
    return op.fixedPoint(op.uniform(), FocusOperator.UNIFORM, tolerance, maxIterations);
  }

  /**
   * Explains particle {@code p}'s focus.
   *
   * @param focus the fixed point (from {@link #fixedPoint()} or converged from a node's
   *     focus); unused by {@code unrolled}
   */
  public Explanation explain(int p, double[] focus, Estimator estimator) {
    QueryGraph g = op.g;
    if (p < 0 || p >= g.n) {
      throw new IllegalArgumentException("no particle " + p);
    }
    double[] pairGrad = new double[g.pairs()];
    int iterations;
    double residual;
    double focusP;
    switch (estimator.kind()) {
      case TRANSPOSE, EP -> {
        boolean transpose = estimator.kind() == Estimator.Kind.TRANSPOSE;
        double[] lam = new double[g.n];
        double[] next = new double[g.n];
        FocusOperator.Scratch s = op.scratch();
        double[] move = new double[g.n];
        AndersonMixing mixing = new AndersonMixing(g.n, ANDERSON_MEMORY);
        lam[p] = 1;
        iterations = 0;
        residual = Double.POSITIVE_INFINITY;
        while (iterations < maxIterations) {
          if (transpose) {
            op.zT(lam, FocusOperator.UNIFORM, next, s); // λ ← Zᵀλ − 1(πᵀλ) + e_p
            double shift = dot(focus, lam);
            for (int i = 0; i < g.n; i++) {
              next[i] -= shift;
            }
          } else {
            op.z(lam, FocusOperator.UNIFORM, next, s); // s ← Zs − π(1ᵀs) + e_p
            double sum = 0;
            for (double v : lam) {
              sum += v;
            }
            for (int i = 0; i < g.n; i++) {
              next[i] -= focus[i] * sum;
            }
          }
          next[p] += 1;
          residual = 0;
          for (int i = 0; i < g.n; i++) {
            move[i] = next[i] - lam[i];
            residual = Math.max(residual, Math.abs(move[i]));
          }
          iterations++;
          if (residual <= tolerance || iterations == maxIterations) {
            lam = next;
            break;
          }
          mixing.step(lam, move, residual); // the next λ to relax (plain: λ + move)
        }
        addPairGradient(lam, focus, pairGrad);
        focusP = focus[p];
      }
      case UNROLLED -> {
        int steps = estimator.steps();
        double[][] xs = new double[steps + 1][];
        xs[0] = op.uniform();
        FocusOperator.Scratch s = op.scratch();
        for (int t = 0; t < steps; t++) {
          xs[t + 1] = new double[g.n];
          op.z(xs[t], FocusOperator.UNIFORM, xs[t + 1], s);
          FocusOperator.normalise(xs[t + 1]);
        }
        double[] lam = new double[g.n];
        double[] next = new double[g.n];
        lam[p] = 1;
        for (int t = steps - 1; t >= 0; t--) {
          addPairGradient(lam, xs[t], pairGrad);
          if (t > 0) {
            op.zT(lam, FocusOperator.UNIFORM, next, s); // (Z − x_{t+1}1ᵀ)ᵀ λ
            double shift = dot(xs[t + 1], lam);
            for (int i = 0; i < g.n; i++) {
              next[i] -= shift;
            }
            double[] tmp = lam;
            lam = next;
            next = tmp;
          }
        }
        iterations = steps;
        residual = 0;
        focusP = xs[steps][p];
      }
      default -> throw new IllegalStateException();
    }
    double[] linkAttr = new double[g.links];
    double[] neuronAttr = new double[neuronCount(g)];
    for (int l = 0; l < g.links; l++) {
      int e = g.linkPair[l];
      if (e >= 0) {
        double a = g.linkWeight[l] * pairGrad[e];
        linkAttr[l] = a;
        neuronAttr[g.linkNeuron[l]] += a;
      }
    }
    return new Explanation(p, focusP, estimator, linkAttr, neuronAttr, iterations, residual);
  }

  private static int neuronCount(QueryGraph g) {
    int max = -1;
    for (int l = 0; l < g.links; l++) {
      max = Math.max(max, g.linkNeuron[l]);
    }
    return max + 1;
  }

  /** grad[e] += λᵀ ∂(Zx)/∂w_e for every pair e, at the point x (see the class comment). */
  void addPairGradient(double[] lam, double[] x, double[] grad) {
    QueryGraph g = op.g;
    int n = g.n;
    int pairs = g.pairs();
    int[] from = g.pairFrom;
    int[] to = g.pairTo;
    double[] invOut = g.invOut;
    double[] invD = g.invDegree;

    double[] pl = new double[n];
    op.p(lam, pl);
    double la = op.ld * op.alpha;
    for (int e = 0; e < pairs; e++) {
      int i = from[e];
      grad[e] += la * x[i] * invOut[i] * (lam[to[e]] - pl[i]);
    }

    int k = op.k;
    if (k == 0) {
      return;
    }
    // v^m / d for m = 0..K−1
    double[][] vd = new double[k][];
    double[] v = x.clone();
    double[] tmp = new double[n];
    for (int m = 0; m < k; m++) {
      if (m > 0) {
        double[] nv = new double[n];
        op.m(v, nv, tmp);
        v = nv;
      }
      double[] scaled = new double[n];
      for (int a = 0; a < n; a++) {
        scaled[a] = v[a] * invD[a];
      }
      vd[m] = scaled;
    }
    double[] u = new double[n];
    for (int a = 0; a < n; a++) {
      u[a] = op.b[k] * lam[a];
    }
    double[] mtu = new double[n];
    for (int m = k - 1; m >= 0; m--) {
      op.mT(u, mtu);
      double[] w = vd[m];
      for (int e = 0; e < pairs; e++) {
        int i = from[e];
        int j = to[e];
        grad[e] += w[j] * (u[i] - mtu[j]) + w[i] * (u[j] - mtu[i]);
      }
      if (m > 0) {
        double bm = op.b[m];
        for (int a = 0; a < n; a++) {
          u[a] = bm * lam[a] + mtu[a];
        }
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
