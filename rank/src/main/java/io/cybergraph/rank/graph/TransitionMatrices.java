package io.cybergraph.rank.graph;

import io.cybergraph.rank.math.Fixed;
import io.cybergraph.rank.math.RankBoundException;
import io.cybergraph.rank.math.U128;
import io.cybergraph.rank.parallel.RowPartition;
import io.cybergraph.rank.parallel.WorkerPool;

/**
 * The integer transition weights of one block (spec §3), in the internal particle order of
 * {@link ParticleOrder}:
 *
 * <ul>
 *   <li>{@code pT}: row j holds p_ij = ⌊w_ij·2^40 / W_i⌋ for every edge i→j (P transposed, so
 *       the diffusion product reads rows);
 *   <li>{@code m}: row i holds m_ij = ⌊t_ij·2^40 / d_j⌋ for t_ij = w_ij + w_ji > 0, and
 *       m_ii = 2^40 for an isolated particle (d_i = 0).
 * </ul>
 *
 * <p>Built from the link list with three counting sorts (rows, then transpose twice, which
 * leaves columns sorted and repeated pairs adjacent so they merge), then the weights by exact
 * 128/64 division with one reciprocal per divisor, in parallel over rows.
 */
public final class TransitionMatrices {
  private final int n;
  private final ParticleOrder order;
  private final SparseRows pT;
  private final SparseRows m;
  private final long[] outWeight;

  private TransitionMatrices(
      int n, ParticleOrder order, SparseRows pT, SparseRows m, long[] outWeight) {
    this.n = n;
    this.order = order;
    this.pT = pT;
    this.m = m;
    this.outWeight = outWeight;
  }

  /** Builds the matrices of the graph and stakes as they are now. */
  public static TransitionMatrices build(CybergraphState g, WorkerPool pool) {
    return build(g, pool, true, true);
  }

  /**
   * As {@link #build(CybergraphState, WorkerPool)}; {@code relabel} false keeps index order,
   * {@code packed} false forces the wide layout (both for tests).
   */
  public static TransitionMatrices build(
      CybergraphState g, WorkerPool pool, boolean relabel, boolean packed) {
    int n = g.particleCount();
    int links = g.linkCount();
    int[] linkNeuron = g.linkNeurons();
    int[] linkFrom = g.linkFroms();
    int[] linkTo = g.linkTos();
    long[] lw = g.linkWeights();

    // Links of weight 0 are no edges; the rest sorted into rows by `from`.
    int[] degree = new int[n];
    int edges = 0;
    for (int l = 0; l < links; l++) {
      if (lw[linkNeuron[l]] > 0) {
        degree[linkFrom[l]]++;
        degree[linkTo[l]]++;
        edges++;
      }
    }
    ParticleOrder order =
        relabel ? ParticleOrder.byDescendingDegree(degree) : ParticleOrder.identity(n);

    int[] aStart = new int[n + 1];
    for (int l = 0; l < links; l++) {
      if (lw[linkNeuron[l]] > 0) {
        aStart[order.internal(linkFrom[l]) + 1]++;
      }
    }
    prefixSum(aStart);
    int[] aCol = new int[edges];
    long[] aW = new long[edges];
    int[] cursor = java.util.Arrays.copyOf(aStart, n);
    for (int l = 0; l < links; l++) {
      long w = lw[linkNeuron[l]];
      if (w > 0) {
        int pos = cursor[order.internal(linkFrom[l])]++;
        aCol[pos] = order.internal(linkTo[l]);
        aW[pos] = w;
      }
    }

    // W^T: column j lists its rows i in increasing order, so repeats of (i, j) are adjacent.
    Csr wT = transpose(n, aStart, aCol, aW);
    aCol = null;
    aW = null;
    long[] outWeight = new long[n];
    long[] inWeight = new long[n];
    wT = mergeAdjacent(n, wT, outWeight, inWeight);
    // W: row i lists its columns j in increasing order.
    Csr w = transpose(n, wT.start, wT.index, wT.weight);

    long[] d = new long[n];
    long[] recipOut = new long[n];
    long[] recipD = new long[n];
    for (int j = 0; j < n; j++) {
      d[j] = Math.addExact(outWeight[j], inWeight[j]);
      if (outWeight[j] > 0) {
        recipOut[j] = U128.reciprocal(outWeight[j]);
      }
      if (d[j] > 0) {
        recipD[j] = U128.reciprocal(d[j]);
      }
    }

    SparseRows pT = SparseRows.allocate(n, wT.start, n, packed && fitsPacked(n));
    int chunks = pool.chunks();
    RowPartition pParts = RowPartition.byNonZeros(wT.start, n, chunks);
    Csr wTf = wT;
    pool.forEach(
        pParts.chunks(),
        c -> {
          for (int j = pParts.from(c); j < pParts.to(c); j++) {
            for (int k = wTf.start[j]; k < wTf.start[j + 1]; k++) {
              int i = wTf.index[k];
              pT.set(k, i, U128.divQ40(wTf.weight[k], outWeight[i], recipOut[i]));
            }
          }
        });

    // M row i = union of W row i and W^T row i (both sorted by column), t_ij = w_ij + w_ji.
    int[] mStart = new int[n + 1];
    RowPartition uParts = RowPartition.byNonZeros(w.start, n, chunks);
    pool.forEach(
        uParts.chunks(),
        c -> {
          for (int i = uParts.from(c); i < uParts.to(c); i++) {
            mStart[i + 1] = d[i] == 0 ? 1 : unionSize(w, wTf, i);
          }
        });
    prefixSum(mStart);
    if (mStart[n] < 0) {
      throw new IllegalStateException("too many symmetric entries");
    }
    SparseRows m = SparseRows.allocate(n, mStart, n, packed && fitsPacked(n));
    RowPartition mParts = RowPartition.byNonZeros(mStart, n, chunks);
    pool.forEach(
        mParts.chunks(), c -> fillSymmetricRows(m, w, wTf, d, recipD, mParts.from(c), mParts.to(c)));

    long[] outWeightExternal = new long[n];
    for (int i = 0; i < n; i++) {
      outWeightExternal[order.external(i)] = outWeight[i];
    }
    return new TransitionMatrices(n, order, pT, m, outWeightExternal);
  }

  private static boolean fitsPacked(int n) {
    return n <= (1 << SparseRows.COL_BITS);
  }

  private static int unionSize(Csr w, Csr wT, int i) {
    int a = w.start[i];
    int aEnd = w.start[i + 1];
    int b = wT.start[i];
    int bEnd = wT.start[i + 1];
    int size = 0;
    while (a < aEnd && b < bEnd) {
      int ca = w.index[a];
      int cb = wT.index[b];
      if (ca <= cb) {
        a++;
      }
      if (cb <= ca) {
        b++;
      }
      size++;
    }
    return size + (aEnd - a) + (bEnd - b);
  }

  private static void fillSymmetricRows(
      SparseRows m, Csr w, Csr wT, long[] d, long[] recipD, int from, int to) {
    for (int i = from; i < to; i++) {
      int k = m.start[i];
      if (d[i] == 0) {
        m.set(k, i, Fixed.ONE_Q); // an isolated particle keeps its mass
        continue;
      }
      int a = w.start[i];
      int aEnd = w.start[i + 1];
      int b = wT.start[i];
      int bEnd = wT.start[i + 1];
      while (a < aEnd || b < bEnd) {
        int ca = a < aEnd ? w.index[a] : Integer.MAX_VALUE;
        int cb = b < bEnd ? wT.index[b] : Integer.MAX_VALUE;
        int j = Math.min(ca, cb);
        long t = 0;
        if (ca == j) {
          t += w.weight[a++];
        }
        if (cb == j) {
          t += wT.weight[b++];
        }
        m.set(k++, j, U128.divQ40(t, d[j], recipD[j]));
      }
    }
  }

  /** Compressed rows: {@code start} (rows + 1), then column (or row) index and weight. */
  private record Csr(int[] start, int[] index, long[] weight) {}

  /** The transpose of rows {@code (start, col, w)}: in each output row, indices ascend. */
  private static Csr transpose(int n, int[] start, int[] col, long[] w) {
    int entries = start[n];
    int[] tStart = new int[n + 1];
    for (int k = 0; k < entries; k++) {
      tStart[col[k] + 1]++;
    }
    prefixSum(tStart);
    int[] cursor = java.util.Arrays.copyOf(tStart, n);
    int[] tIndex = new int[entries];
    long[] tW = new long[entries];
    for (int i = 0; i < n; i++) {
      for (int k = start[i]; k < start[i + 1]; k++) {
        int pos = cursor[col[k]]++;
        tIndex[pos] = i;
        tW[pos] = w[k];
      }
    }
    return new Csr(tStart, tIndex, tW);
  }

  /**
   * Merges adjacent repeats of one index within each row of the transposed link rows (links of
   * several neurons on one pair) and sums the out-weight W_i (by index) and in-weight (by row).
   */
  private static Csr mergeAdjacent(int n, Csr t, long[] outWeight, long[] inWeight) {
    int[] start = t.start;
    int[] index = t.index;
    long[] weight = t.weight;
    int out = 0;
    int rowBegin = 0;
    for (int j = 0; j < n; j++) {
      int end = start[j + 1];
      start[j] = out;
      long in = 0;
      for (int k = rowBegin; k < end; k++) {
        int i = index[k];
        long wk = weight[k];
        if (out > start[j] && index[out - 1] == i) {
          weight[out - 1] = Math.addExact(weight[out - 1], wk);
        } else {
          index[out] = i;
          weight[out] = wk;
          out++;
        }
        outWeight[i] = addBounded(outWeight[i], wk);
        in = addBounded(in, wk);
      }
      inWeight[j] = in;
      rowBegin = end;
    }
    start[n] = out;
    if (out == index.length) {
      return t;
    }
    return new Csr(start, java.util.Arrays.copyOf(index, out), java.util.Arrays.copyOf(weight, out));
  }

  private static long addBounded(long a, long b) {
    long s = a + b;
    if (s < 0) {
      throw new RankBoundException("a weight sum reaches 2^63");
    }
    return s;
  }

  private static void prefixSum(int[] a) {
    for (int i = 1; i < a.length; i++) {
      a[i] += a[i - 1];
    }
  }

  /** Number of particles. */
  public int size() {
    return n;
  }

  public ParticleOrder order() {
    return order;
  }

  /** P transposed, internal order: row j holds (i, p_ij). */
  public SparseRows diffusion() {
    return pT;
  }

  /** M, internal order: row i holds (j, m_ij). */
  public SparseRows symmetric() {
    return m;
  }

  /** W_i, the out-weight of particle i (index order). */
  public long outWeight(int particle) {
    return outWeight[particle];
  }
}
