package io.cybergraph.rank.query;

import io.cybergraph.rank.graph.LinkView;
import java.util.Arrays;

/**
 * The graph of one block in doubles, for queries (explain, context): the links and their
 * weights, the directed pairs i→j with w_ij = Σ of their links' weights (out-rows sorted by
 * target, and an in-index), W_i, and the symmetric adjacency with t_ij = w_ij + w_ji and d_j.
 * Particle indices are the graph's own (no relabelling). Immutable once built.
 *
 * <p>Links of weight 0 are no pairs (spec §3); their particles still count.
 */
public final class QueryGraph {
  final int n;
  // links
  final int links;
  final int[] linkNeuron;
  final int[] linkFrom;
  final int[] linkTo;
  final double[] linkWeight;
  /** The pair of each link, -1 for a link of weight 0. */
  final int[] linkPair;
  // directed pairs, grouped by source (outStart) and sorted by target within a row
  final int[] outStart;
  final int[] pairFrom;
  final int[] pairTo;
  final double[] pairWeight;
  /** Pairs into j: inPair[inStart[j] .. inStart[j+1]), ordered by source. */
  final int[] inStart;
  final int[] inPair;
  final double[] invOut; // 1/W_i, 0 when W_i = 0 (dangling)
  // symmetric adjacency: neighbours b of a with t_ab = w_ab + w_ba > 0
  final int[] symStart;
  final int[] symNbr;
  final double[] symT;
  final double[] degree; // d_a = Σ_b t_ab
  final double[] invDegree; // 1/d_a, 0 when isolated

  private QueryGraph(int n, int[] neuron, int[] from, int[] to, double[] weight, int links) {
    this.n = n;
    this.links = links;
    this.linkNeuron = neuron;
    this.linkFrom = from;
    this.linkTo = to;
    this.linkWeight = weight;
    this.linkPair = new int[links];

    // links of positive weight, bucketed by source, then sorted by target within a row
    int[] rowCount = new int[n + 1];
    int live = 0;
    for (int l = 0; l < links; l++) {
      if (weight[l] > 0) {
        rowCount[from[l] + 1]++;
        live++;
      } else {
        linkPair[l] = -1;
      }
    }
    for (int i = 0; i < n; i++) {
      rowCount[i + 1] += rowCount[i];
    }
    int[] byRow = new int[live];
    int[] fill = Arrays.copyOf(rowCount, n);
    for (int l = 0; l < links; l++) {
      if (weight[l] > 0) {
        byRow[fill[from[l]]++] = l;
      }
    }
    long[] keys = new long[16];
    int[] pFrom = new int[live];
    int[] pTo = new int[live];
    double[] pW = new double[live];
    int[] start = new int[n + 1];
    int pairs = 0;
    for (int i = 0; i < n; i++) {
      start[i] = pairs;
      int a = rowCount[i];
      int b = rowCount[i + 1];
      int len = b - a;
      if (len == 0) {
        continue;
      }
      if (keys.length < len) {
        keys = new long[Math.max(len, keys.length * 2)];
      }
      for (int k = 0; k < len; k++) {
        int l = byRow[a + k];
        keys[k] = ((long) to[l] << 32) | l;
      }
      Arrays.sort(keys, 0, len);
      int lastTo = -1;
      for (int k = 0; k < len; k++) {
        int l = (int) keys[k];
        int t = (int) (keys[k] >>> 32);
        if (t != lastTo) {
          pFrom[pairs] = i;
          pTo[pairs] = t;
          pairs++;
          lastTo = t;
        }
        pW[pairs - 1] += weight[l];
        linkPair[l] = pairs - 1;
      }
    }
    start[n] = pairs;
    outStart = start;
    pairFrom = Arrays.copyOf(pFrom, pairs);
    pairTo = Arrays.copyOf(pTo, pairs);
    pairWeight = Arrays.copyOf(pW, pairs);

    invOut = new double[n];
    for (int i = 0; i < n; i++) {
      double w = 0;
      for (int e = outStart[i]; e < outStart[i + 1]; e++) {
        w += pairWeight[e];
      }
      invOut[i] = w > 0 ? 1 / w : 0;
    }

    // in-index: pairs bucketed by target; pairs are enumerated by source, so each bucket is
    // sorted by source
    inStart = new int[n + 1];
    for (int e = 0; e < pairs; e++) {
      inStart[pairTo[e] + 1]++;
    }
    for (int j = 0; j < n; j++) {
      inStart[j + 1] += inStart[j];
    }
    inPair = new int[pairs];
    int[] inFill = Arrays.copyOf(inStart, n);
    for (int e = 0; e < pairs; e++) {
      inPair[inFill[pairTo[e]]++] = e;
    }

    // symmetric adjacency: merge the sorted out-row and in-row of each particle
    symStart = new int[n + 1];
    for (int a = 0; a < n; a++) {
      symStart[a + 1] = symStart[a] + mergedLength(a);
    }
    symNbr = new int[symStart[n]];
    symT = new double[symStart[n]];
    degree = new double[n];
    invDegree = new double[n];
    for (int a = 0; a < n; a++) {
      int k = symStart[a];
      int o = outStart[a];
      int oEnd = outStart[a + 1];
      int q = inStart[a];
      int qEnd = inStart[a + 1];
      double d = 0;
      while (o < oEnd || q < qEnd) {
        int outNbr = o < oEnd ? pairTo[o] : Integer.MAX_VALUE;
        int inNbr = q < qEnd ? pairFrom[inPair[q]] : Integer.MAX_VALUE;
        double t = 0;
        int b = Math.min(outNbr, inNbr);
        if (outNbr == b) {
          t += pairWeight[o++];
        }
        if (inNbr == b) {
          t += pairWeight[inPair[q++]];
        }
        symNbr[k] = b;
        symT[k] = t;
        k++;
        d += t;
      }
      degree[a] = d;
      invDegree[a] = d > 0 ? 1 / d : 0;
    }
  }

  private int mergedLength(int a) {
    int o = outStart[a];
    int oEnd = outStart[a + 1];
    int q = inStart[a];
    int qEnd = inStart[a + 1];
    int count = 0;
    while (o < oEnd || q < qEnd) {
      int outNbr = o < oEnd ? pairTo[o] : Integer.MAX_VALUE;
      int inNbr = q < qEnd ? pairFrom[inPair[q]] : Integer.MAX_VALUE;
      int b = Math.min(outNbr, inNbr);
      if (outNbr == b) {
        o++;
      }
      if (inNbr == b) {
        q++;
      }
      count++;
    }
    return count;
  }

  /** The graph of a block: each link weighs its neuron's ⌊s(k)/deg(k)⌋. */
  public static QueryGraph of(LinkView view) {
    int links = view.links();
    double[] w = new double[links];
    for (int l = 0; l < links; l++) {
      w[l] = view.weight(l);
    }
    return new QueryGraph(view.particles(), view.linkNeuron(), view.linkFrom(), view.linkTo(), w,
        links);
  }

  /**
   * A graph of {@code n} particles from explicit links and real weights (for finite
   * differences and tests). The arrays are kept, not copied.
   */
  public static QueryGraph of(int n, int[] neuron, int[] from, int[] to, double[] weight) {
    if (from.length != to.length || from.length != weight.length || from.length != neuron.length) {
      throw new IllegalArgumentException("link arrays differ in length");
    }
    for (int l = 0; l < from.length; l++) {
      if (from[l] < 0 || from[l] >= n || to[l] < 0 || to[l] >= n || from[l] == to[l]) {
        throw new IllegalArgumentException("bad link " + l + ": " + from[l] + "->" + to[l]);
      }
      if (!(weight[l] >= 0) || Double.isInfinite(weight[l])) {
        throw new IllegalArgumentException("bad weight of link " + l + ": " + weight[l]);
      }
    }
    return new QueryGraph(n, neuron, from, to, weight, from.length);
  }

  /** The same links with other weights, one per link (finite differences). */
  public QueryGraph withWeights(double[] weight) {
    return of(n, Arrays.copyOf(linkNeuron, links), Arrays.copyOf(linkFrom, links),
        Arrays.copyOf(linkTo, links), weight);
  }

  public int particles() {
    return n;
  }

  public int links() {
    return links;
  }

  /** Directed pairs i→j of positive weight: the edges of P. */
  public int pairs() {
    return pairFrom.length;
  }

  public int linkNeuron(int l) {
    return linkNeuron[l];
  }

  public int linkFrom(int l) {
    return linkFrom[l];
  }

  public int linkTo(int l) {
    return linkTo[l];
  }

  public double linkWeight(int l) {
    return linkWeight[l];
  }

  /** The link weights (a copy), to perturb in finite differences. */
  public double[] linkWeights() {
    return Arrays.copyOf(linkWeight, links);
  }

  /** True if no link of positive weight touches the particle. */
  public boolean isolated(int particle) {
    return degree[particle] == 0;
  }

  /** Links of positive weight out of or into the particle, as neighbour count (sym degree). */
  int symDegree(int a) {
    return symStart[a + 1] - symStart[a];
  }

  int outDegree(int a) {
    return outStart[a + 1] - outStart[a];
  }
}
