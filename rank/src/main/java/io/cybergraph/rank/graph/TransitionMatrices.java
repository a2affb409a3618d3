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
 * <p>Built from the link list with two parallel counting sorts (into rows, whose entries are
 * then sorted so repeated pairs merge, then the transpose), then the weights by exact 128/64
 * division with one reciprocal per divisor, in parallel over rows. The whole
 * build runs every block: a block's new links change deg(k) and so every weight of their
 * neurons.
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
    return build(g, pool, true, SparseRows.DEFAULT_BLOCK_BITS);
  }

  /**
   * As {@link #build(CybergraphState, WorkerPool)}; {@code relabel} false keeps index order,
   * {@code blockBits} sets the column block size (both for tests).
   */
  public static TransitionMatrices build(
      CybergraphState g, WorkerPool pool, boolean relabel, int blockBits) {
    return build(g, pool, relabel, blockBits, 2 * pool.threads());
  }

  /**
   * As {@link #build(CybergraphState, WorkerPool, boolean, int)} with the products cut into
   * {@code chunks} row chunks. Every chunk reads each column block's window of the vector, so
   * fewer chunks reuse it more; more chunks balance better when cores are shared. Measured at
   * 1M particles / 10M links on 2 threads: 2 or 4 chunks ≈ 920 ms CPU per iteration, 8 chunks
   * ≈ 1160 ms; the default is two per thread.
   */
  public static TransitionMatrices build(
      CybergraphState g, WorkerPool pool, boolean relabel, int blockBits, int chunks) {
    return build(g, pool, relabel, blockBits, chunks, new BuildScratch());
  }

  /** As {@link #build(CybergraphState, WorkerPool)}, with working arrays from {@code scratch}. */
  public static TransitionMatrices build(CybergraphState g, WorkerPool pool, BuildScratch scratch) {
    return build(g, pool, true, SparseRows.DEFAULT_BLOCK_BITS, 2 * pool.threads(), scratch);
  }

  private static TransitionMatrices build(
      CybergraphState g, WorkerPool pool, boolean relabel, int blockBits, int chunks,
      BuildScratch scratch) {
    if (blockBits < 1 || blockBits > SparseRows.MAX_BLOCK_BITS) {
      throw new IllegalArgumentException("block bits out of range: " + blockBits);
    }
    int n = g.particleCount();
    int links = g.linkCount();
    int[] linkNeuron = g.linkNeurons();
    int[] linkFrom = g.linkFroms();
    int[] linkTo = g.linkTos();
    long[] lw = g.linkWeights();

    // Links of weight 0 are no edges. Degrees (of links, as a cheap proxy) give the order.
    ParticleOrder order =
        relabel
            ? ParticleOrder.byDescendingDegree(linkDegrees(g, lw, pool, scratch), n)
            : ParticleOrder.identity(n);
    // W: row i lists its columns j in increasing order; repeats of (i, j) (several neurons on
    // one pair) are adjacent after the sort and merge into one weight.
    Csr w =
        Csr.linksByRow(n, links, linkNeuron, linkFrom, linkTo, lw, order, pool, scratch)
            .sortRows(pool)
            .mergeAdjacent();
    // W^T: column j lists its rows i in increasing order.
    Csr wT = w.transpose(pool, scratch);
    long[] outWeight = w.rowSums(pool, scratch.longs("outWeight", n));
    long[] inWeight = wT.rowSums(pool, scratch.longs("inWeight", n));

    // Divisor and reciprocal side by side: each weight needs both, from a random column.
    // (Every slot is written: 0 for a divisor that is 0, whose column has no weights to divide.)
    long[] outDiv = scratch.longs("outDiv", 2 * n);
    long[] dDiv = scratch.longs("dDiv", 2 * n);
    RowPartition even = RowPartition.even(n, chunks);
    pool.forEach(
        even.chunks(),
        c -> {
          for (int j = even.from(c); j < even.to(c); j++) {
            long dj = addBounded(outWeight[j], inWeight[j]);
            outDiv[2 * j] = outWeight[j];
            outDiv[2 * j + 1] = outWeight[j] > 0 ? U128.reciprocal(outWeight[j]) : 0;
            dDiv[2 * j] = dj;
            dDiv[2 * j + 1] = dj > 0 ? U128.reciprocal(dj) : 0;
          }
        });

    // P^T row j = W^T row j with p_ij = ⌊w_ij·2^40 / W_i⌋ (rows i ascending).
    int[] tStart = wT.start();
    int[] tRow = wT.index();
    long[] tWeight = wT.weight();
    SparseRows.Builder pB =
        new SparseRows.Builder(n, n, blockBits, RowPartition.byNonZeros(tStart, n, chunks));
    RowPartition pParts = pB.parts();
    pool.forEach(
        pParts.chunks(),
        c -> {
          SparseRows.Builder.Chunk out = pB.chunk(c);
          for (int j = pParts.from(c); j < pParts.to(c); j++) {
            for (int k = tStart[j]; k < tStart[j + 1]; k++) {
              out.count(j, tRow[k]);
            }
          }
        });
    pB.allocate();
    pool.forEach(
        pParts.chunks(),
        c -> {
          SparseRows.Builder.Chunk out = pB.chunk(c);
          for (int j = pParts.from(c); j < pParts.to(c); j++) {
            for (int k = tStart[j]; k < tStart[j + 1]; k++) {
              int i = tRow[k];
              out.put(j, i, U128.divQ40(tWeight[k], outDiv[2 * i], outDiv[2 * i + 1]));
            }
          }
        });
    SparseRows pT = pB.build();

    // M row i = union of W row i and W^T row i (both sorted by column), t_ij = w_ij + w_ji.
    int[] cost = scratch.ints("cost", n + 1);
    for (int i = 0; i <= n; i++) {
      cost[i] = w.start()[i] + tStart[i];
    }
    Csr wTf = wT;
    SparseRows.Builder mB =
        new SparseRows.Builder(n, n, blockBits, RowPartition.byNonZeros(cost, n, chunks));
    RowPartition mParts = mB.parts();
    pool.forEach(
        mParts.chunks(),
        c -> symmetricRows(mB.chunk(c), w, wTf, dDiv, mParts.from(c), mParts.to(c), false));
    mB.allocate();
    pool.forEach(
        mParts.chunks(),
        c -> symmetricRows(mB.chunk(c), w, wTf, dDiv, mParts.from(c), mParts.to(c), true));
    SparseRows m = mB.build();

    long[] outWeightExternal = new long[n];
    for (int i = 0; i < n; i++) {
      outWeightExternal[order.external(i)] = outWeight[i];
    }
    return new TransitionMatrices(n, order, pT, m, outWeightExternal);
  }

  /** Counts (fill false) or puts (fill true) the entries m_ij of rows [from, to). */
  private static void symmetricRows(
      SparseRows.Builder.Chunk out, Csr w, Csr wT, long[] dDiv, int from, int to, boolean fill) {
    int[] aStart = w.start();
    int[] aCol = w.index();
    long[] aW = w.weight();
    int[] bStart = wT.start();
    int[] bCol = wT.index();
    long[] bW = wT.weight();
    for (int i = from; i < to; i++) {
      if (dDiv[2 * i] == 0) {
        // an isolated particle keeps its mass
        if (fill) {
          out.put(i, i, Fixed.ONE_Q);
        } else {
          out.count(i, i);
        }
        continue;
      }
      int a = aStart[i];
      int aEnd = aStart[i + 1];
      int b = bStart[i];
      int bEnd = bStart[i + 1];
      while (a < aEnd || b < bEnd) {
        int ca = a < aEnd ? aCol[a] : Integer.MAX_VALUE;
        int cb = b < bEnd ? bCol[b] : Integer.MAX_VALUE;
        int j = Math.min(ca, cb);
        long t = 0;
        if (ca == j) {
          t += aW[a++];
        }
        if (cb == j) {
          t += bW[b++];
        }
        if (fill) {
          out.put(i, j, U128.divQ40(t, dDiv[2 * j], dDiv[2 * j + 1]));
        } else {
          out.count(i, j);
        }
      }
    }
  }

  /** Links of positive weight at each particle (out or in): the degree behind the order. */
  private static int[] linkDegrees(
      CybergraphState g, long[] lw, WorkerPool pool, BuildScratch scratch) {
    int n = g.particleCount();
    int links = g.linkCount();
    int[] neuron = g.linkNeurons();
    int[] from = g.linkFroms();
    int[] to = g.linkTos();
    int chunks = pool.threads();
    RowPartition parts = RowPartition.even(links, chunks);
    int[][] partial = new int[chunks][];
    for (int c = 0; c < chunks; c++) {
      partial[c] = scratch.zeroedInts("degree" + c, n);
    }
    pool.forEach(
        chunks,
        c -> {
          int[] deg = partial[c];
          for (int l = parts.from(c); l < parts.to(c); l++) {
            if (lw[neuron[l]] > 0) {
              deg[from[l]]++;
              deg[to[l]]++;
            }
          }
        });
    int[] degree = partial[0];
    for (int c = 1; c < chunks; c++) {
      for (int j = 0; j < n; j++) {
        degree[j] += partial[c][j];
      }
    }
    return degree;
  }

  private static long addBounded(long a, long b) {
    long s = a + b;
    if (s < 0) {
      throw new RankBoundException("a weight sum reaches 2^63");
    }
    return s;
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
