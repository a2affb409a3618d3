package io.cybergraph.rank.query;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/** Random graphs for the query tests: link weights spanning many orders of magnitude. */
final class RandomGraphs {
  private RandomGraphs() {}

  /**
   * {@code links} distinct (neuron, from, to) links over {@code n} particles by {@code neurons}
   * neurons, sources and targets skewed towards low indices (hubs), each neuron's link weight
   * 10^U(0, decades) (stake split evenly), and a few neurons of stake 0.
   */
  static QueryGraph graph(int n, int links, int neurons, double decades, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] neuronWeight = new double[neurons];
    for (int k = 0; k < neurons; k++) {
      neuronWeight[k] = k % 17 == 16 ? 0 : Math.floor(Math.pow(10, 3 + rnd.nextDouble() * decades));
    }
    int[] neuron = new int[links];
    int[] from = new int[links];
    int[] to = new int[links];
    double[] weight = new double[links];
    Set<Long> seen = new HashSet<>();
    int made = 0;
    while (made < links) {
      int k = rnd.nextInt(neurons);
      int f = skewed(rnd, n);
      int t = skewed(rnd, n);
      if (f == t || !seen.add(((long) k << 40) | ((long) f << 20) | t)) {
        continue;
      }
      neuron[made] = k;
      from[made] = f;
      to[made] = t;
      weight[made] = neuronWeight[k];
      made++;
    }
    return QueryGraph.of(n, neuron, from, to, weight);
  }

  private static int skewed(SplittableRandom rnd, int n) {
    double u = rnd.nextDouble();
    return (int) Math.min(n - 1, (long) (u * u * n));
  }
}
