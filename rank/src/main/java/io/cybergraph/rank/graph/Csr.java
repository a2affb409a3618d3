package io.cybergraph.rank.graph;

import io.cybergraph.rank.parallel.RowPartition;
import io.cybergraph.rank.parallel.WorkerPool;

/**
 * Compressed rows of integer weights during the matrix build: {@code start} (rows + 1), then per
 * entry its column (or, transposed, its row) and weight. Built by parallel counting sorts: each
 * chunk counts its own items per bucket, the counts become disjoint write offsets, and each
 * chunk scatters its own items, so no two threads write one slot.
 */
record Csr(int[] start, int[] index, long[] weight) {

  int rows() {
    return start.length - 1;
  }

  int entries() {
    return start[start.length - 1];
  }

  /**
   * The links of positive weight as rows of their internal {@code from}, each entry the
   * internal {@code to} and the link's weight (within a row, in no particular order).
   */
  static Csr linksByRow(
      int n, int links, int[] neuron, int[] from, int[] to, long[] linkWeight,
      ParticleOrder order, WorkerPool pool, BuildScratch scratch) {
    int chunks = pool.threads();
    RowPartition parts = RowPartition.even(links, chunks);
    int[][] counts = new int[chunks][];
    for (int c = 0; c < chunks; c++) {
      counts[c] = scratch.zeroedInts("rowCount" + c, n);
    }
    pool.forEach(
        chunks,
        c -> {
          int[] count = counts[c];
          for (int l = parts.from(c); l < parts.to(c); l++) {
            if (linkWeight[neuron[l]] > 0) {
              count[order.internal(from[l])]++;
            }
          }
        });
    int[] start = offsets(n, counts);
    int entries = start[n];
    int[] col = new int[entries];
    long[] w = new long[entries];
    pool.forEach(
        chunks,
        c -> {
          int[] cursor = counts[c];
          for (int l = parts.from(c); l < parts.to(c); l++) {
            long lw = linkWeight[neuron[l]];
            if (lw > 0) {
              int pos = cursor[order.internal(from[l])]++;
              col[pos] = order.internal(to[l]);
              w[pos] = lw;
            }
          }
        });
    return new Csr(start, col, w);
  }

  /** The transpose; within each output row the indices ascend (rows are read in order). */
  Csr transpose(WorkerPool pool, BuildScratch scratch) {
    int n = rows();
    int chunks = pool.threads();
    RowPartition parts = RowPartition.byNonZeros(start, n, chunks);
    int[][] counts = new int[chunks][];
    for (int c = 0; c < chunks; c++) {
      counts[c] = scratch.zeroedInts("columnCount" + c, n);
    }
    pool.forEach(
        chunks,
        c -> {
          int[] count = counts[c];
          for (int k = start[parts.from(c)]; k < start[parts.to(c)]; k++) {
            count[index[k]]++;
          }
        });
    int[] tStart = offsets(n, counts);
    int[] tIndex = new int[entries()];
    long[] tWeight = new long[entries()];
    pool.forEach(
        chunks,
        c -> {
          int[] cursor = counts[c];
          for (int i = parts.from(c); i < parts.to(c); i++) {
            for (int k = start[i]; k < start[i + 1]; k++) {
              int pos = cursor[index[k]]++;
              tIndex[pos] = i;
              tWeight[pos] = weight[k];
            }
          }
        });
    return new Csr(tStart, tIndex, tWeight);
  }

  /**
   * Row starts from per-chunk bucket counts, turning each chunk's counts into its first write
   * position per bucket (chunk 0 first, so the sort is stable).
   */
  private static int[] offsets(int n, int[][] counts) {
    int[] start = new int[n + 1];
    int pos = 0;
    for (int r = 0; r < n; r++) {
      start[r] = pos;
      for (int[] count : counts) {
        int k = count[r];
        count[r] = pos;
        pos += k;
      }
    }
    start[n] = pos;
    return start;
  }

  /**
   * Sorts every row's entries by index (in place, in parallel over rows): short rows by
   * insertion, long ones (hubs) through a sort of packed (index, position) keys.
   */
  Csr sortRows(WorkerPool pool) {
    int n = rows();
    RowPartition parts = RowPartition.byNonZeros(start, n, pool.chunks());
    pool.forEach(
        parts.chunks(),
        c -> {
          long[] keys = new long[0];
          long[] scratch = new long[0];
          for (int r = parts.from(c); r < parts.to(c); r++) {
            int from = start[r];
            int to = start[r + 1];
            if (to - from <= 24) {
              insertionSort(from, to);
              continue;
            }
            int len = to - from;
            if (keys.length < len) {
              keys = new long[len];
              scratch = new long[len];
            }
            for (int k = 0; k < len; k++) {
              keys[k] = ((long) index[from + k] << 32) | k;
              scratch[k] = weight[from + k];
            }
            java.util.Arrays.sort(keys, 0, len);
            for (int k = 0; k < len; k++) {
              index[from + k] = (int) (keys[k] >>> 32);
              weight[from + k] = scratch[(int) keys[k]];
            }
          }
        });
    return this;
  }

  private void insertionSort(int from, int to) {
    for (int k = from + 1; k < to; k++) {
      int idx = index[k];
      long w = weight[k];
      int q = k - 1;
      while (q >= from && index[q] > idx) {
        index[q + 1] = index[q];
        weight[q + 1] = weight[q];
        q--;
      }
      index[q + 1] = idx;
      weight[q + 1] = w;
    }
  }

  /**
   * Sums adjacent entries with the same index within each row (links of several neurons on one
   * pair, which a sort leaves side by side), compacting in place.
   */
  Csr mergeAdjacent() {
    int n = rows();
    int out = 0;
    int rowBegin = 0;
    for (int r = 0; r < n; r++) {
      int end = start[r + 1];
      start[r] = out;
      for (int k = rowBegin; k < end; k++) {
        if (out > start[r] && index[out - 1] == index[k]) {
          weight[out - 1] = Math.addExact(weight[out - 1], weight[k]);
        } else {
          index[out] = index[k];
          weight[out] = weight[k];
          out++;
        }
      }
      rowBegin = end;
    }
    start[n] = out;
    if (out == index.length) {
      return this;
    }
    return new Csr(start, java.util.Arrays.copyOf(index, out), java.util.Arrays.copyOf(weight, out));
  }

  /** Σ of each row's weights, checked against 2^63, into {@code sums} (at least rows long). */
  long[] rowSums(WorkerPool pool, long[] sums) {
    int n = rows();
    RowPartition parts = RowPartition.byNonZeros(start, n, pool.chunks());
    pool.forEach(
        parts.chunks(),
        c -> {
          for (int r = parts.from(c); r < parts.to(c); r++) {
            long s = 0;
            for (int k = start[r]; k < start[r + 1]; k++) {
              s = Math.addExact(s, weight[k]);
            }
            sums[r] = s;
          }
        });
    return sums;
  }
}
