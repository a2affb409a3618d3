package io.cybergraph.rank.query;

/**
 * Anderson mixing for a linear fixed-point iteration x ← F(x) (on a linear map, a restarted
 * GMRES): from x_k and f_k = F(x_k) − x_k, the next point is x_k + f_k − Σ γ_i (Δx_i + Δf_i),
 * γ the least-squares fit of f_k by the last {@code memory} differences Δf. It only chooses
 * where to evaluate F next: the callers' stopping tests and bounds are a posteriori, on
 * F(x_k) − x_k, and so hold however x_k was found. Holds 2·memory + 2 vectors.
 */
final class AndersonMixing {
  private final int memory;
  private final double[][] dX;
  private final double[][] dF;
  private final double[] prevX;
  private final double[] prevF;
  private int stored;
  private int next;
  private boolean started;
  private double lastNorm = Double.POSITIVE_INFINITY;

  AndersonMixing(int n, int memory) {
    if (memory < 1) {
      throw new IllegalArgumentException("memory must be ≥ 1");
    }
    this.memory = memory;
    this.dX = new double[memory][n];
    this.dF = new double[memory][n];
    this.prevX = new double[n];
    this.prevF = new double[n];
  }

  /**
   * Replaces x by the next point to evaluate, given f = F(x) − x and its norm (the caller's,
   * used only to notice a stall: then the history is dropped and the step is plain).
   */
  void step(double[] x, double[] f, double norm) {
    int n = x.length;
    if (norm > lastNorm) {
      stored = 0;
    } else if (started) {
      for (int i = 0; i < n; i++) {
        dX[next][i] = x[i] - prevX[i];
        dF[next][i] = f[i] - prevF[i];
      }
      next = (next + 1) % memory;
      stored = Math.min(stored + 1, memory);
    }
    started = true;
    lastNorm = norm;
    System.arraycopy(x, 0, prevX, 0, n);
    System.arraycopy(f, 0, prevF, 0, n);
    double[] gamma = leastSquares(f);
    for (int i = 0; i < n; i++) {
      double v = x[i] + f[i];
      for (int j = 0; j < stored; j++) {
        v -= gamma[j] * (dX[j][i] + dF[j][i]);
      }
      x[i] = v;
    }
  }

  /** γ minimising ‖f − Σ γ_j Δf_j‖₂ over the stored differences (normal equations). */
  private double[] leastSquares(double[] f) {
    int count = stored;
    double[][] m = new double[count][count + 1];
    for (int i = 0; i < count; i++) {
      for (int j = i; j < count; j++) {
        double sum = 0;
        for (int k = 0; k < f.length; k++) {
          sum += dF[i][k] * dF[j][k];
        }
        m[i][j] = sum;
        m[j][i] = sum;
      }
      m[i][i] *= 1 + 1e-12; // keeps a nearly dependent history solvable
      double sum = 0;
      for (int k = 0; k < f.length; k++) {
        sum += dF[i][k] * f[k];
      }
      m[i][count] = sum;
    }
    for (int c = 0; c < count; c++) { // Gaussian elimination, partial pivoting
      int pivot = c;
      for (int r = c + 1; r < count; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      if (!(Math.abs(m[c][c]) > 0)) {
        return new double[count]; // no usable history: a plain step
      }
      for (int r = 0; r < count; r++) {
        if (r != c) {
          double factor = m[r][c] / m[c][c];
          for (int k = c; k <= count; k++) {
            m[r][k] -= factor * m[c][k];
          }
        }
      }
    }
    double[] gamma = new double[count];
    for (int i = 0; i < count; i++) {
      gamma[i] = m[i][count] / m[i][i];
    }
    return gamma;
  }
}
