package io.cybergraph.rank.graph;

/**
 * The internal numbering of particles used by the products: by descending degree (ties in
 * index order), so that the hubs, whose focus values are read most, sit together in memory.
 * Results are independent of it (every sum is exact); they leave the engine in index order.
 */
public final class ParticleOrder {
  private final int[] toInternal;
  private final int[] toExternal;

  private ParticleOrder(int[] toInternal, int[] toExternal) {
    this.toInternal = toInternal;
    this.toExternal = toExternal;
  }

  /** Orders particles by descending {@code degree} with a counting sort (stable). */
  public static ParticleOrder byDescendingDegree(int[] degree) {
    return byDescendingDegree(degree, degree.length);
  }

  /** As {@link #byDescendingDegree(int[])} over the first {@code n} degrees. */
  public static ParticleOrder byDescendingDegree(int[] degree, int n) {
    int max = 0;
    for (int j = 0; j < n; j++) {
      max = Math.max(max, degree[j]);
    }
    int[] bucketStart = new int[max + 2];
    for (int j = 0; j < n; j++) {
      bucketStart[max - degree[j] + 1]++;
    }
    for (int b = 0; b <= max; b++) {
      bucketStart[b + 1] += bucketStart[b];
    }
    int[] toInternal = new int[n];
    int[] toExternal = new int[n];
    for (int j = 0; j < n; j++) {
      int internal = bucketStart[max - degree[j]]++;
      toInternal[j] = internal;
      toExternal[internal] = j;
    }
    return new ParticleOrder(toInternal, toExternal);
  }

  /** The identity order (for tests and small graphs). */
  public static ParticleOrder identity(int n) {
    int[] id = new int[n];
    for (int j = 0; j < n; j++) {
      id[j] = j;
    }
    return new ParticleOrder(id, id.clone());
  }

  public int size() {
    return toInternal.length;
  }

  public int internal(int external) {
    return toInternal[external];
  }

  public int external(int internal) {
    return toExternal[internal];
  }

  /** The vector {@code v} (index order) in internal order. */
  public long[] toInternal(long[] v) {
    long[] out = new long[v.length];
    for (int j = 0; j < v.length; j++) {
      out[toInternal[j]] = v[j];
    }
    return out;
  }

  /** The first {@link #size()} entries of {@code v} (index order) into {@code out}, internal. */
  public void toInternal(long[] v, long[] out) {
    int n = toInternal.length;
    for (int j = 0; j < n; j++) {
      out[toInternal[j]] = v[j];
    }
  }

  /** The vector {@code v} (internal order) in index order. */
  public long[] toExternal(long[] v) {
    long[] out = new long[v.length];
    for (int j = 0; j < v.length; j++) {
      out[toExternal[j]] = v[j];
    }
    return out;
  }
}
