package io.cybergraph.rank.synthetic;

import io.cybergraph.rank.graph.CybergraphState;
import java.util.SplittableRandom;

/**
 * A reproducible synthetic cybergraph for benchmarks and tests: {@code particles} particles and
 * {@code links} distinct links whose sources and targets follow power laws (a few hubs, a long
 * tail), made by {@code links / 100} neurons (at least one) with random stakes that sum below
 * 2^62. Hubs get random indices, as in a real graph where popular particles appear at any time.
 *
 * <p>The first {@code particles} links start at every particle once, so each particle exists
 * (when there are at least as many links as particles). The same seed gives the same graph.
 */
public final class PowerLawGraph {
  private final int particles;
  private final long links;
  private final long seed;

  /** Receives the graph: neurons' stakes first, then links; false from link() means a repeat. */
  public interface Sink {
    void stake(String neuron, long stake);

    boolean link(String neuron, String from, String to);
  }

  public PowerLawGraph(int particles, long links, long seed) {
    if (particles < 2 || links < 1) {
      throw new IllegalArgumentException("need at least 2 particles and 1 link");
    }
    this.particles = particles;
    this.links = links;
    this.seed = seed;
  }

  /** The graph as a {@link CybergraphState} (what the benchmarks rank). */
  public CybergraphState toGraph() {
    CybergraphState graph = new CybergraphState();
    generate(
        new Sink() {
          @Override
          public void stake(String neuron, long stake) {
            graph.setStake(neuron, stake);
          }

          @Override
          public boolean link(String neuron, String from, String to) {
            return graph.addLink(neuron, from, to);
          }
        });
    return graph;
  }

  /** Particle ids are {@code "p<index>"} and neuron ids {@code "n<index>"}. */
  public void generate(Sink sink) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int neuronCount = (int) Math.max(1, Math.min(1_000_000, links / 100));
    String[] neurons = new String[neuronCount];
    long stakeBound = (1L << 61) / neuronCount;
    for (int k = 0; k < neuronCount; k++) {
      neurons[k] = "n" + k;
      sink.stake(neurons[k], 1 + rnd.nextLong(stakeBound));
    }
    String[] ids = new String[particles];
    for (int j = 0; j < particles; j++) {
      ids[j] = "p" + j;
    }
    int[] sourceRank = permutation(particles, rnd);
    int[] targetRank = permutation(particles, rnd);
    long made = 0;
    long attempts = 0;
    while (made < links) {
      if (++attempts > links * 20 + 1000) {
        throw new IllegalStateException("cannot make " + links + " distinct links");
      }
      int from =
          made < particles ? sourceRank[(int) made] : sourceRank[powerLaw(rnd, particles, 2)];
      int to = targetRank[powerLaw(rnd, particles, 3)];
      if (from == to) {
        continue;
      }
      String neuron = neurons[powerLaw(rnd, neuronCount, 2)];
      if (sink.link(neuron, ids[from], ids[to])) {
        made++;
      }
    }
  }

  /** An index in [0, n) with density falling like a power of the index (rank 0 is the hub). */
  private static int powerLaw(SplittableRandom rnd, int n, int exponent) {
    double u = rnd.nextDouble();
    double p = u;
    for (int e = 1; e < exponent; e++) {
      p *= u;
    }
    return (int) Math.min(n - 1, (long) (p * n));
  }

  private static int[] permutation(int n, SplittableRandom rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
