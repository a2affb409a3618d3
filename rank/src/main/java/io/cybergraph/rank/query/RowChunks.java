package io.cybergraph.rank.query;

import java.util.stream.IntStream;

/**
 * Runs a loop over rows 0..n in fixed chunks, on the common fork-join pool when n is large:
 * the query products are memory-bound sparse products, and a node's second core halves them.
 * Each row is computed by one task in the same order whatever the thread count, so the
 * results do not depend on it (only sums over rows would, and those stay sequential).
 */
final class RowChunks {
  /** Rows below which one thread is faster than handing out tasks. */
  static final int PARALLEL_MIN = 1 << 15;

  /** Chunks per loop: enough for balance across the pool, few enough to stay cheap. */
  private static final int CHUNKS = 64;

  interface Body {
    void rows(int from, int to);
  }

  private RowChunks() {}

  static void run(int n, boolean parallel, Body body) {
    if (!parallel || n < PARALLEL_MIN) {
      body.rows(0, n);
      return;
    }
    int size = (n + CHUNKS - 1) / CHUNKS;
    IntStream.range(0, CHUNKS).parallel().forEach(c -> {
      int from = c * size;
      int to = Math.min(n, from + size);
      if (from < to) {
        body.rows(from, to);
      }
    });
  }
}
