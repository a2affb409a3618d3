package io.cybergraph.rank.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The growing cybergraph (spec §3): particles indexed in order of first appearance, neurons,
 * their stakes and the append-only list of distinct links (neuron, from, to).
 *
 * <p>Not thread-safe: one writer adds the links and stakes of a block, then the block is
 * computed from a {@link TransitionMatrices} snapshot.
 */
public final class CybergraphState {
  /** Total stake stays below this (spec §1), so every weight sum fits in a signed long. */
  public static final long TOTAL_STAKE_LIMIT = 1L << 62;

  private final Map<String, Integer> particleIndex = new HashMap<>();
  /** Particle ids by index (below particleCount; grown by copying, never changed below it). */
  private String[] particles = new String[64];
  private int particleCount;
  private final Map<String, Integer> neuronIndex = new HashMap<>();
  private final List<String> neurons = new ArrayList<>();
  private long[] stakes = new long[16];
  private int[] degrees = new int[16];
  private long totalStake;
  /** Bumped by every change that can change a transition weight. */
  private long version;

  private int[] linkNeuron = new int[64];
  private int[] linkFrom = new int[64];
  private int[] linkTo = new int[64];
  private int linkCount;
  /** Open addressing over link ids + 1 (0 = empty slot), keyed by (neuron, from, to). */
  private int[] linkTable = new int[128];

  /**
   * Adds the link (neuron, from, to), naming new particles in order {@code from}, {@code to}.
   *
   * @return false if the neuron made this link before (it is then ignored)
   * @throws IllegalArgumentException for a self-link (from = to); nothing changes
   */
  public boolean addLink(String neuron, String from, String to) {
    if (from.equals(to)) {
      throw new IllegalArgumentException("self-link " + from);
    }
    int k = neuronId(neuron);
    int f = particleId(from);
    int t = particleId(to);
    return addLink(k, f, t);
  }

  private boolean addLink(int neuron, int from, int to) {
    int mask = linkTable.length - 1;
    int slot = hash(neuron, from, to) & mask;
    while (linkTable[slot] != 0) {
      int id = linkTable[slot] - 1;
      if (linkNeuron[id] == neuron && linkFrom[id] == from && linkTo[id] == to) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    if (linkCount == Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("too many links");
    }
    if (linkCount == linkNeuron.length) {
      int capacity = (int) Math.min(Integer.MAX_VALUE - 16L, linkCount * 2L);
      linkNeuron = Arrays.copyOf(linkNeuron, capacity);
      linkFrom = Arrays.copyOf(linkFrom, capacity);
      linkTo = Arrays.copyOf(linkTo, capacity);
    }
    linkNeuron[linkCount] = neuron;
    linkFrom[linkCount] = from;
    linkTo[linkCount] = to;
    linkCount++;
    linkTable[slot] = linkCount;
    degrees[neuron]++;
    version++;
    if (linkCount * 2L > linkTable.length) {
      growTable();
    }
    return true;
  }

  private void growTable() {
    if (linkTable.length >= 1 << 30) {
      throw new IllegalStateException("too many links");
    }
    int[] table = new int[linkTable.length * 2];
    int mask = table.length - 1;
    for (int id = 0; id < linkCount; id++) {
      int slot = hash(linkNeuron[id], linkFrom[id], linkTo[id]) & mask;
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = id + 1;
    }
    linkTable = table;
  }

  private static int hash(int neuron, int from, int to) {
    long h = neuron * 0x9E3779B97F4A7C15L + from * 0xC2B2AE3D27D4EB4FL + to * 0x165667B19E3779F9L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return (int) (h ^ (h >>> 32));
  }

  /**
   * The order in which to set one block's stakes: those that go down first, then the others, each
   * group in the given order. Set in any other order (address order, say), a block that moves
   * stake between neurons could pass through a total above its final one, and a transfer near
   * the 2^62 bound would be refused by {@link #setStake} though the block's total is fine.
   */
  public <T> List<T> loweringFirst(
      Collection<T> changes, Function<T, String> neuronOf, ToLongFunction<T> stakeOf) {
    List<T> ordered = new ArrayList<>(changes.size());
    List<T> raises = new ArrayList<>();
    for (T change : changes) {
      Integer k = neuronIndex.get(neuronOf.apply(change));
      long old = k == null ? 0 : stakes[k];
      (stakeOf.applyAsLong(change) < old ? ordered : raises).add(change);
    }
    ordered.addAll(raises);
    return ordered;
  }

  /**
   * Sets the neuron's stake from this block on.
   *
   * @throws IllegalArgumentException for a negative stake, or if the total stake would reach
   *     2^62; nothing changes then
   */
  public void setStake(String neuron, long stake) {
    if (stake < 0) {
      throw new IllegalArgumentException("negative stake " + stake);
    }
    Integer existing = neuronIndex.get(neuron);
    long old = existing == null ? 0 : stakes[existing];
    long total = totalStake - old + stake;
    if (total < 0 || total >= TOTAL_STAKE_LIMIT) {
      throw new IllegalArgumentException("total stake would reach 2^62");
    }
    int k = existing == null ? neuronId(neuron) : existing;
    if (stakes[k] != stake && degrees[k] > 0) {
      version++; // a neuron without links weighs nothing yet
    }
    stakes[k] = stake;
    totalStake = total;
  }

  /**
   * A counter that changes whenever a link is added or the stake of a neuron with links
   * changes: equal versions mean equal transition matrices.
   */
  public long version() {
    return version;
  }

  private int neuronId(String neuron) {
    Integer k = neuronIndex.get(neuron);
    if (k != null) {
      return k;
    }
    int id = neurons.size();
    neuronIndex.put(neuron, id);
    neurons.add(neuron);
    if (id == stakes.length) {
      stakes = Arrays.copyOf(stakes, id * 2);
      degrees = Arrays.copyOf(degrees, id * 2);
    }
    return id;
  }

  private int particleId(String cid) {
    Integer j = particleIndex.get(cid);
    if (j != null) {
      return j;
    }
    int id = particleCount;
    if (id == particles.length) {
      particles = Arrays.copyOf(particles, (int) Math.min(Integer.MAX_VALUE - 16L, id * 2L));
    }
    particleIndex.put(cid, id);
    particles[id] = cid;
    particleCount++;
    return id;
  }

  public int particleCount() {
    return particleCount;
  }

  public int neuronCount() {
    return neurons.size();
  }

  public int linkCount() {
    return linkCount;
  }

  /** The particle's index (order of first appearance), or -1 if no link names it. */
  public int particleIndex(String cid) {
    Integer j = particleIndex.get(cid);
    return j == null ? -1 : j;
  }

  public String particle(int index) {
    return particles[Objects.checkIndex(index, particleCount)];
  }

  /** The neuron's index, or -1 if it was never named. */
  public int neuronIndex(String neuron) {
    Integer k = neuronIndex.get(neuron);
    return k == null ? -1 : k;
  }

  public String neuron(int index) {
    return neurons.get(index);
  }

  public long stake(int neuron) {
    return stakes[neuron];
  }

  /** deg(k): the number of distinct links the neuron has made. */
  public int degree(int neuron) {
    return degrees[neuron];
  }

  public long totalStake() {
    return totalStake;
  }

  // Raw arrays for the matrix build and karma (valid for indices below the counts).

  int[] linkNeurons() {
    return linkNeuron;
  }

  int[] linkFroms() {
    return linkFrom;
  }

  int[] linkTos() {
    return linkTo;
  }

  /**
   * The weight ⌊s(k)/deg(k)⌋ of each link of every neuron now (0 for neurons without links),
   * indexed by neuron.
   */
  public long[] linkWeights() {
    long[] w = new long[neurons.size()];
    for (int k = 0; k < w.length; k++) {
      w[k] = degrees[k] == 0 ? 0 : stakes[k] / degrees[k];
    }
    return w;
  }

  /**
   * A read-only view of the links and weights as they are now, safe to read on another thread
   * once published (the link arrays are shared: their entries below the count never change).
   */
  public LinkView linkView() {
    return new LinkView(
        particleCount, linkCount, linkNeuron, linkFrom, linkTo, linkWeights(),
        neurons.toArray(new String[0]), version);
  }

  /** The particle ids in index order (a copy). */
  public String[] particleIds() {
    return Arrays.copyOf(particles, particleCount);
  }

  /**
   * The particle ids by index without a copy: an array of at least {@link #particleCount()}
   * entries, whose entries below that count never change (later particles go beyond it, or
   * into a new array). Read only.
   */
  public String[] particleIdsShared() {
    return particles;
  }

  /** Neuron, from and to of link {@code id}. */
  public int linkNeuron(int id) {
    return linkNeuron[id];
  }

  public int linkFrom(int id) {
    return linkFrom[id];
  }

  public int linkTo(int id) {
    return linkTo[id];
  }
}
