package io.cybergraph.rank.query;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Focus in the context of a particle p, π*(·|p): the tri-kernel fixed point with the
 * diffusion's restart mass (teleport, dangling) sent to p instead of spread uniformly; springs
 * and heat unchanged.
 *
 * <p>On the simplex π*(·|p) = s / 1ᵀs with s = (I − G)⁻¹ e_p = Σ_t G^t e_p, where G = λ_d α Pᵀ
 * + Σ_k B_k M^k is the linear part without restart: the restart mass λ_d ρᵀx all returns to
 * p. Column u of G sums to 1 − λ_d ρ_u ≤ 1 − λ_d (1 − α), so ‖(I − G)⁻¹‖₁ ≤ 1/(λ_d(1 − α)).
 *
 * <p><b>Local method</b> (push): residual mass starts at p and is pushed along the graph; a
 * push of main residual m at u adds m/(1 − B_0) visits to ŝ_u (B_0 is a self-loop) and sends
 * them on: λ_d α along u's out-links by P, and β_1 = Σ_{k≥1} B_k through one step of M into
 * stage 1 of the polynomial. Stage-s mass at a returns B_s/β_s of itself to the main residual
 * at a and moves β_{s+1}/β_s through M into stage s + 1 (Horner form of Σ B_k M^k, one hop
 * per push). Every residual unit eventually reaches the main layer whole, so with R the total
 * residual, ‖s − ŝ‖₁ ≤ R/(λ_d(1 − α)), and every value of ŝ/1ᵀŝ is within that over 1ᵀŝ of
 * π*(·|p) (ŝ ≤ s entrywise). Pushes go by decreasing thresholds until the bound is met.
 *
 * <p><b>Fallback</b>: when the pushes' work (edges visited) exceeds a budget of about
 * {@code budget} global iterations, the global iteration of Φ_p continues from the local
 * estimate until its move δ gives c δ/(2(1 − c)) ≤ tolerance (c the contraction of §9: the L1
 * distance to the fixed point is at most c δ/(1 − c), and no entry of a difference of two
 * distributions exceeds half its L1 norm). With a {@link #farField far field} the visits the
 * pushes did not make start in the shape of the rule's own fixed point, which cuts the
 * iterations by about 40 % (the bound is the same: it is a posteriori).
 */
public final class ContextRanker {
  /** How the answer was found. */
  public enum Method {
    ISOLATED,
    LOCAL,
    GLOBAL
  }

  /**
   * The answer: the top particles and their values (largest first, ties by index), a bound on
   * the error of every value, the method and the work done (edge visits).
   */
  public record Context(
      int particle, int[] top, double[] values, double errorBound, Method method, long work,
      int iterations) {}

  /** Every returned value within this of the converged fixed point (the goal). */
  public static final double DEFAULT_TOLERANCE = 1e-4;

  /**
   * Local work, in global iterations, before the fallback: a pushed edge costs ~20× an edge of
   * a global product, and on power-law graphs the fallback comes anyway; 3 % of an iteration
   * still saves one (measured at 200k/2M: 9 iterations at 0.03 and 0.1, 10 at 0.003).
   */
  public static final double DEFAULT_BUDGET = 0.03;

  /** Steps the fallback's Anderson mixing remembers (each costs two vectors of the graph). */
  static final int ANDERSON_MEMORY = 3;

  public static final int DEFAULT_MAX_ITERATIONS = 10_000;

  private final FocusOperator op;
  private final QueryGraph g;
  private final double tolerance;
  private final long budget;
  private final int maxIterations;
  private final double[] beta; // β_s = Σ_{j≥s} B_j
  private final double lossFloor; // λ_d (1 − α)
  private final ConcurrentLinkedQueue<Workspace> pool = new ConcurrentLinkedQueue<>();
  private volatile double[] farField;
  private final boolean anderson;

  /**
   * @param tolerance the error bound every returned value must meet (e.g. 1e-4)
   * @param globalIterations the local method's work budget, in global iterations' worth of
   *     edge visits, before falling back
   * @param maxIterations global iterations at most in the fallback
   */
  public ContextRanker(FocusOperator op, double tolerance, double globalIterations,
      int maxIterations) {
    this(op, tolerance, globalIterations, maxIterations, true);
  }

  /**
   * @param anderson whether the fallback mixes its steps ({@link AndersonMixing}); false: the
   *     plain iteration of Φ_p (for comparison)
   */
  public ContextRanker(FocusOperator op, double tolerance, double globalIterations,
      int maxIterations, boolean anderson) {
    this.anderson = anderson;
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("tolerance must be > 0");
    }
    this.op = op;
    this.g = op.g;
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
    this.budget = (long) (globalIterations * iterationWork());
    this.beta = new double[op.k + 2];
    for (int s = op.k; s >= 0; s--) {
      beta[s] = beta[s + 1] + op.b[s];
    }
    this.lossFloor = op.ld * (1 - op.alpha);
    if (!(lossFloor > 0)) {
      throw new IllegalArgumentException("context needs λ_d > 0 and α < 1");
    }
  }

  /**
   * The shape given to the visits the local pushes did not make before the global iteration
   * starts from their estimate (a warm start; the bound does not depend on it): the rule's own
   * fixed point π* of the same graph, whose far field is that of every context. Null: none.
   */
  public void farField(double[] focus) {
    if (focus != null && focus.length != g.n) {
      throw new IllegalArgumentException("far field of " + focus.length + " particles, graph has " + g.n);
    }
    this.farField = focus;
  }

  /** Edge visits of one global iteration of Φ_p. */
  public long iterationWork() {
    return g.pairs() + (long) op.k * g.symNbr.length + (long) (op.k + 2) * g.n;
  }

  /** Per-query arrays, reused across queries (cleared through the touched lists). */
  private final class Workspace {
    final int stages = op.k + 1;
    final double[] residual = new double[stages * g.n];
    final boolean[] queued = new boolean[stages * g.n];
    final boolean[] touched = new boolean[stages * g.n];
    final double[] visits = new double[g.n];
    int[] touchedList = new int[1024];
    int touchedCount;
    int[] queue = new int[1024];
    int head;
    int tail; // queue holds indices queue[head .. tail) modulo its length
    int size;

    void add(int state, double mass) {
      if (!touched[state]) {
        touched[state] = true;
        if (touchedCount == touchedList.length) {
          touchedList = Arrays.copyOf(touchedList, touchedCount * 2);
        }
        touchedList[touchedCount++] = state;
      }
      residual[state] += mass;
    }

    void enqueue(int state) {
      if (queued[state]) {
        return;
      }
      queued[state] = true;
      if (size == queue.length) {
        int[] bigger = new int[queue.length * 2];
        for (int i = 0; i < size; i++) {
          bigger[i] = queue[(head + i) % queue.length];
        }
        queue = bigger;
        head = 0;
        tail = size;
      }
      queue[tail] = state;
      tail = (tail + 1) % queue.length;
      size++;
    }

    int dequeue() {
      int state = queue[head];
      head = (head + 1) % queue.length;
      size--;
      queued[state] = false;
      return state;
    }

    void clear() {
      for (int i = 0; i < touchedCount; i++) {
        int s = touchedList[i];
        residual[s] = 0;
        touched[s] = false;
        queued[s] = false;
        if (s < g.n) {
          visits[s] = 0;
        }
      }
      touchedCount = 0;
      head = 0;
      tail = 0;
      size = 0;
    }
  }

  /**
   * π*(·|p) on the particles it reaches: each value within {@link Solution#errorBound()} of
   * the converged fixed point; particles not listed have value 0 (local: below the bound).
   */
  public record Solution(
      int particle, int[] particles, double[] values, double errorBound, Method method,
      long work, int iterations) {

    /** The value of particle j (0 if not reached). */
    public double value(int j) {
      int i = Arrays.binarySearch(particles, j);
      return i < 0 ? 0 : values[i];
    }

    /** The {@code limit} particles of highest value, ties by lower index. */
    public Context top(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be ≥ 0");
      }
      int[] order = topOfDense(values, limit); // particles ascend: ties by index
      int[] top = new int[order.length];
      double[] topValues = new double[order.length];
      for (int i = 0; i < order.length; i++) {
        top[i] = particles[order[i]];
        topValues[i] = values[order[i]];
      }
      return new Context(particle, top, topValues, errorBound, method, work, iterations);
    }
  }

  /** The top {@code limit} particles of π*(·|p), every value within the stated bound. */
  public Context rank(int p, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be ≥ 0");
    }
    return solve(p).top(limit);
  }

  /** π*(·|p) by the local method, or the global fallback. */
  public Solution solve(int p) {
    if (p < 0 || p >= g.n) {
      throw new IllegalArgumentException("no particle " + p);
    }
    if (g.isolated(p)) {
      return new Solution(p, new int[] {p}, new double[] {1}, 0, Method.ISOLATED, 0, 0);
    }
    Workspace w = pool.poll();
    if (w == null) {
      w = new Workspace();
    }
    try {
      return push(w, p);
    } finally {
      w.clear();
      pool.add(w);
    }
  }

  private Solution push(Workspace w, int p) {
    int n = g.n;
    int k = op.k;
    double selfLoop = 1 / (1 - op.b[0]);
    double diffuse = op.ld * op.alpha;
    w.add(p, 1);
    double residualMass = 1;
    double mass = 0; // 1ᵀŝ
    long work = 0;
    double threshold = 1e-3;
    while (true) {
      // queue every state above the threshold (per unit of its fan-out)
      for (int i = 0; i < w.touchedCount; i++) {
        int s = w.touchedList[i];
        if (w.residual[s] > threshold * (fanOut(s) + 1)) {
          w.enqueue(s);
        }
      }
      while (w.size > 0) {
        int s = w.dequeue();
        double m = w.residual[s];
        int stage = s / n;
        int u = s - stage * n;
        if (m <= threshold * (fanOut(s) + 1)) {
          continue;
        }
        w.residual[s] = 0;
        if (stage == 0) {
          double v = m * selfLoop;
          w.visits[u] += v;
          mass += v;
          double lost = v * op.ld * op.rho[u];
          residualMass -= lost;
          int lo = g.outStart[u];
          int hi = g.outStart[u + 1];
          if (lo < hi) {
            double f = v * diffuse * g.invOut[u];
            for (int e = lo; e < hi; e++) {
              int t = g.pairTo[e];
              w.add(t, f * g.pairWeight[e]);
              maybeQueue(w, t, threshold);
            }
          }
          work += hi - lo + 1;
          if (k > 0) {
            work += spread(w, u, v * beta[1], n, threshold);
          }
        } else {
          w.add(u, m * op.b[stage] / beta[stage]);
          maybeQueue(w, u, threshold);
          if (stage < k) {
            work += spread(w, u, m * beta[stage + 1] / beta[stage], (stage + 1) * n, threshold);
          }
          work++;
        }
        if (work > budget) {
          return global(w, p, work, mass);
        }
      }
      // exact residual sum (the running one drifts by rounding)
      double r = 0;
      for (int i = 0; i < w.touchedCount; i++) {
        r += w.residual[w.touchedList[i]];
      }
      residualMass = r;
      double bound = residualMass / (lossFloor * mass);
      if (bound <= tolerance) {
        return sparse(w, p, mass, bound, work);
      }
      threshold /= 8;
      if (threshold < 1e-300) {
        return global(w, p, work, mass);
      }
    }
  }

  /** Moves {@code amount} from particle a through one step of M into the layer at offset. */
  private long spread(Workspace w, int a, double amount, int offset, double threshold) {
    int lo = g.symStart[a];
    int hi = g.symStart[a + 1];
    if (lo == hi) {
      w.add(offset + a, amount);
      maybeQueue(w, offset + a, threshold);
      return 1;
    }
    double f = amount * g.invDegree[a];
    for (int q = lo; q < hi; q++) {
      int state = offset + g.symNbr[q];
      w.add(state, f * g.symT[q]);
      maybeQueue(w, state, threshold);
    }
    return hi - lo;
  }

  private void maybeQueue(Workspace w, int state, double threshold) {
    if (!w.queued[state] && w.residual[state] > threshold * (fanOut(state) + 1)) {
      w.enqueue(state);
    }
  }

  private int fanOut(int state) {
    int stage = state / g.n;
    int u = state - stage * g.n;
    return stage == 0 ? g.outDegree(u) + g.symDegree(u) : g.symDegree(u);
  }

  /** The local estimate ŝ/1ᵀŝ on the particles it reached, by index. */
  private Solution sparse(Workspace w, int p, double mass, double bound, long work) {
    int count = 0;
    int[] reached = new int[Math.min(w.touchedCount, g.n)];
    for (int i = 0; i < w.touchedCount; i++) {
      int s = w.touchedList[i];
      if (s < g.n && w.visits[s] > 0) {
        reached[count++] = s;
      }
    }
    reached = Arrays.copyOf(reached, count);
    Arrays.sort(reached);
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = w.visits[reached[i]] / mass;
    }
    return new Solution(p, reached, values, bound, Method.LOCAL, work, 0);
  }

  /** The fallback: global iteration of Φ_p from the local estimate. */
  private Solution global(Workspace w, int p, long work, double mass) {
    double[] x = new double[g.n];
    for (int i = 0; i < w.touchedCount; i++) {
      int s = w.touchedList[i];
      if (s < g.n) {
        x[s] = w.visits[s];
      }
    }
    if (mass == 0) {
      x[p] = 1;
    }
    double[] far = farField;
    if (far != null) {
      // the visits still to come: ρᵀs = 1/λ_d exactly (every visit at u ends a share λ_d ρ_u
      // of the walk, and the whole unit ends), so ρᵀ(s − ŝ) = 1/λ_d − ρᵀŝ; give them the
      // far field's shape
      double seen = 0;
      double farRho = 0;
      for (int i = 0; i < g.n; i++) {
        seen += op.rho[i] * x[i];
        farRho += op.rho[i] * far[i];
      }
      double missing = Math.max(0, 1 / op.ld - seen);
      if (farRho > 0) {
        double f = missing / farRho;
        for (int i = 0; i < g.n; i++) {
          x[i] += f * far[i];
        }
      }
    }
    // ‖x_T − π‖₁ ≤ c δ/(1 − c) for the last move δ, and x_T and π both sum to 1, so no entry
    // is off by more than half of that
    double c = op.contraction();
    double target = 2 * tolerance * (1 - c) / c;
    FocusOperator.FixedPoint fp = anderson
        ? op.andersonFixedPoint(x, p, target, maxIterations, ANDERSON_MEMORY)
        : op.fixedPoint(x, p, target, maxIterations);
    double bound = fp.delta() * c / (2 * (1 - c));
    int count = 0;
    for (double v : fp.x()) {
      count += v > 0 ? 1 : 0;
    }
    int[] reached = new int[count];
    double[] values = new double[count];
    count = 0;
    for (int j = 0; j < g.n; j++) {
      if (fp.x()[j] > 0) {
        reached[count] = j;
        values[count++] = fp.x()[j];
      }
    }
    return new Solution(p, reached, values, bound, Method.GLOBAL,
        work + fp.iterations() * iterationWork(), fp.iterations());
  }

  /** The {@code limit} largest positive entries of a dense vector, ties by lower index. */
  public static int[] topOfDense(double[] x, int limit) {
    int positive = 0;
    for (double v : x) {
      positive += v > 0 ? 1 : 0;
    }
    int k = Math.min(limit, positive);
    int[] best = new int[k];
    int size = 0;
    for (int i = 0; i < x.length && k > 0; i++) {
      double v = x[i];
      if (v <= 0 || (size == k && v <= x[best[size - 1]])) {
        continue;
      }
      int pos = size < k ? size++ : k - 1;
      while (pos > 0 && x[best[pos - 1]] < v) {
        best[pos] = best[pos - 1];
        pos--;
      }
      best[pos] = i;
    }
    return best;
  }

  /**
   * The reference: plain global iteration of Φ_p from e_p until an iteration moves at most
   * {@code tolerance} (L1).
   */
  public FocusOperator.FixedPoint converged(int p, double tolerance, int maxIterations) {
    double[] x = new double[g.n];
    x[p] = 1;
    return op.fixedPoint(x, p, tolerance, maxIterations);
  }
}
