package io.cybergraph.rank;

import java.util.HexFormat;

/**
 * What one block step produced (spec §5): the number of particles, the iterations run, the
 * last δ and the rank root; plus timings, which are measurements and no part of consensus.
 */
public record BlockResult(
    int particles,
    int iterations,
    long delta,
    byte[] root,
    long buildNanos,
    long totalNanos,
    long[] iterationNanos) {

  public String rootHex() {
    return HexFormat.of().formatHex(root);
  }

  /** Median time of one iteration in nanoseconds (0 without iterations). */
  public long iterationMedianNanos() {
    if (iterationNanos.length == 0) {
      return 0;
    }
    long[] sorted = iterationNanos.clone();
    java.util.Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
