package io.cybergraph.rank.query;

import java.util.Arrays;

/**
 * Which links hold up a particle's focus: for every link e, attribution_e = w_e · ∂focus_p/∂w_e
 * (positive: the link raises p's focus), and per neuron the sum over its links.
 *
 * @param particle p
 * @param focus p's focus at the point the derivative was taken
 * @param estimator how the derivative was estimated
 * @param linkAttribution by link index (0 for a link of weight 0)
 * @param neuronAttribution by neuron index
 * @param iterations iterations of the linear solve (or unrolled steps)
 * @param residual the solve's last move (max norm), 0 for unrolled
 */
public record Explanation(
    int particle,
    double focus,
    Estimator estimator,
    double[] linkAttribution,
    double[] neuronAttribution,
    int iterations,
    double residual) {

  /** Up to {@code limit} link indices by |attribution|, largest first, ties by index. */
  public int[] topLinks(int limit) {
    return top(linkAttribution, limit);
  }

  /** Up to {@code limit} neuron indices by |attribution|, largest first; zero sums left out. */
  public int[] topNeurons(int limit) {
    return top(neuronAttribution, limit);
  }

  private static int[] top(double[] values, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be ≥ 0");
    }
    // a bounded selection: keep the best `limit` (ties by lower index) without sorting all
    long count = Arrays.stream(values).filter(v -> v != 0).count();
    int k = (int) Math.min(limit, count);
    int[] best = new int[k];
    int size = 0;
    for (int i = 0; i < values.length && k > 0; i++) {
      double a = Math.abs(values[i]);
      if (a == 0 || (size == k && a <= Math.abs(values[best[size - 1]]))) {
        continue;
      }
      int pos = size < k ? size++ : k - 1;
      while (pos > 0 && Math.abs(values[best[pos - 1]]) < a) {
        best[pos] = best[pos - 1];
        pos--;
      }
      best[pos] = i;
    }
    return best;
  }
}
