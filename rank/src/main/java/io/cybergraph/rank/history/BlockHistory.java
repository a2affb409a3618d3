package io.cybergraph.rank.history;

import io.cybergraph.rank.BlockResult;
import io.cybergraph.rank.RankEngine;
import io.cybergraph.rank.graph.CybergraphState;
import io.cybergraph.rank.history.VectorFormatException.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A chain history in the vector file format (spec §10): the links of every height in
 * transaction order and the stake changes, parsed line by line (the caller reads the files),
 * and replayed block by block into a {@link RankEngine}.
 *
 * <p>{@code links.tsv}: {@code height neuron from to}. {@code stakes.tsv}: {@code neuron stake}
 * (height 1) or {@code height neuron stake}. Fields are separated by tabs or spaces; ids are any
 * tokens without whitespace; {@code #} starts a comment line; empty lines are skipped.
 */
public final class BlockHistory {
  private static final Pattern FIELDS = Pattern.compile("\\s+");

  /**
   * The largest height a history may name: {@link #replay} computes every height from 1 (an
   * empty one too), and a typo such as 2147483647 would otherwise run for hours.
   */
  public static final int MAX_HEIGHT = 10_000_000;

  private final int lastHeight;
  private final int[] linkHeight;
  private final String[] linkNeuron;
  private final String[] linkFrom;
  private final String[] linkTo;
  private final int[] linkOrder;
  private final TreeMap<Integer, Map<String, StakeChange>> stakes;

  /** One stake line: the neuron's stake from its height on, and where it was written. */
  public record StakeChange(String neuron, long stake, int line) {}

  private BlockHistory(Builder b) {
    int n = b.links;
    linkHeight = Arrays.copyOf(b.height, n);
    linkNeuron = Arrays.copyOf(b.neuron, n);
    linkFrom = Arrays.copyOf(b.from, n);
    linkTo = Arrays.copyOf(b.to, n);
    linkOrder = orderByHeight(linkHeight);
    stakes = b.stakes;
    int last = 0;
    for (int h : linkHeight) {
      last = Math.max(last, h);
    }
    if (!stakes.isEmpty()) {
      last = Math.max(last, stakes.lastKey());
    }
    lastHeight = last;
  }

  /** Link positions sorted by height, keeping file order within a height. */
  private static int[] orderByHeight(int[] height) {
    int[] order = new int[height.length];
    boolean sorted = true;
    for (int i = 0; i < height.length; i++) {
      order[i] = i;
      sorted &= i == 0 || height[i - 1] <= height[i];
    }
    if (!sorted) {
      long[] keys = new long[height.length];
      for (int i = 0; i < height.length; i++) {
        keys[i] = ((long) height[i] << 32) | i;
      }
      Arrays.sort(keys);
      for (int i = 0; i < height.length; i++) {
        order[i] = (int) keys[i];
      }
    }
    return order;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The largest height named in either file (0 if none): the history runs 1..lastHeight. */
  public int lastHeight() {
    return lastHeight;
  }

  public int linkCount() {
    return linkHeight.length;
  }

  /** Receives each block's result during {@link #replay}. */
  public interface BlockListener {
    void block(int height, BlockResult result);
  }

  /**
   * Runs every height from 1 to {@link #lastHeight()} into {@code engine}: the height's links
   * in file order, its stake changes, then the block step.
   *
   * @throws VectorFormatException if a stake change would take the total stake to 2^62
   */
  public void replay(RankEngine engine, BlockListener listener) throws VectorFormatException {
    int next = 0;
    for (int h = 1; h <= lastHeight && h > 0; h++) {
      while (next < linkOrder.length && linkHeight[linkOrder[next]] == h) {
        int l = linkOrder[next++];
        engine.addLink(linkNeuron[l], linkFrom[l], linkTo[l]);
      }
      Map<String, StakeChange> changes = stakes.get(h);
      if (changes != null) {
        applyStakes(engine, changes.values());
      }
      listener.block(h, engine.step());
    }
  }

  /**
   * The graph and stakes at the end of the history, without computing any block (for queries
   * on the final graph): every height's links in file order, then its stake changes.
   *
   * @throws VectorFormatException if a stake change would take the total stake to 2^62
   */
  public CybergraphState finalGraph() throws VectorFormatException {
    CybergraphState graph = new CybergraphState();
    int next = 0;
    Integer stakeHeight = stakes.isEmpty() ? null : stakes.firstKey();
    // only the heights that change something: no block is computed here
    while (next < linkOrder.length || stakeHeight != null) {
      int h = next < linkOrder.length ? linkHeight[linkOrder[next]] : Integer.MAX_VALUE;
      if (stakeHeight != null) {
        h = Math.min(h, stakeHeight);
      }
      while (next < linkOrder.length && linkHeight[linkOrder[next]] == h) {
        int l = linkOrder[next++];
        graph.addLink(linkNeuron[l], linkFrom[l], linkTo[l]);
      }
      if (stakeHeight != null && stakeHeight == h) {
        applyStakes(graph, stakes.get(h).values());
        stakeHeight = stakes.higherKey(h);
      }
    }
    return graph;
  }

  /** Lowers stakes before raising others, so only a true excess of the total is refused. */
  private static void applyStakes(RankEngine engine, Collection<StakeChange> changes)
      throws VectorFormatException {
    applyStakes(engine.graph(), engine::setStake, changes);
  }

  private static void applyStakes(CybergraphState graph, Collection<StakeChange> changes)
      throws VectorFormatException {
    applyStakes(graph, graph::setStake, changes);
  }

  private interface StakeSetter {
    void set(String neuron, long stake);
  }

  private static void applyStakes(
      CybergraphState graph, StakeSetter setter, Collection<StakeChange> changes)
      throws VectorFormatException {
    for (StakeChange c : graph.loweringFirst(changes, StakeChange::neuron, StakeChange::stake)) {
      try {
        setter.set(c.neuron(), c.stake());
      } catch (IllegalArgumentException e) {
        throw new VectorFormatException(Source.STAKES, c.line(), e.getMessage());
      }
    }
  }

  /** Parses lines of the two files, failing on the first bad line. */
  public static final class Builder {
    private int links;
    private int[] height = new int[64];
    private String[] neuron = new String[64];
    private String[] from = new String[64];
    private String[] to = new String[64];
    private final TreeMap<Integer, Map<String, StakeChange>> stakes = new TreeMap<>();
    private final Map<String, String> tokens = new HashMap<>();

    private Builder() {}

    /** One line of {@code links.tsv}; {@code lineNumber} is 1-based. */
    public Builder linkLine(int lineNumber, String line) throws VectorFormatException {
      String[] f = fields(line);
      if (f == null) {
        return this;
      }
      if (f.length != 4) {
        throw new VectorFormatException(
            Source.LINKS, lineNumber, "expected 4 fields (height neuron from to), got " + f.length);
      }
      int h = height(Source.LINKS, lineNumber, f[0]);
      if (f[2].equals(f[3])) {
        throw new VectorFormatException(Source.LINKS, lineNumber, "self-link " + f[2]);
      }
      if (links == height.length) {
        int capacity = links * 2;
        height = Arrays.copyOf(height, capacity);
        neuron = Arrays.copyOf(neuron, capacity);
        from = Arrays.copyOf(from, capacity);
        to = Arrays.copyOf(to, capacity);
      }
      height[links] = h;
      neuron[links] = intern(f[1]);
      from[links] = intern(f[2]);
      to[links] = intern(f[3]);
      links++;
      return this;
    }

    /** One line of {@code stakes.tsv}; {@code lineNumber} is 1-based. */
    public Builder stakeLine(int lineNumber, String line) throws VectorFormatException {
      String[] f = fields(line);
      if (f == null) {
        return this;
      }
      if (f.length != 2 && f.length != 3) {
        throw new VectorFormatException(
            Source.STAKES,
            lineNumber,
            "expected 2 fields (neuron stake) or 3 (height neuron stake), got " + f.length);
      }
      int h = f.length == 3 ? height(Source.STAKES, lineNumber, f[0]) : 1;
      String who = intern(f[f.length - 2]);
      long stake = stake(lineNumber, f[f.length - 1]);
      // a later line for the same neuron and height replaces the earlier one
      stakes.computeIfAbsent(h, x -> new LinkedHashMap<>())
          .put(who, new StakeChange(who, stake, lineNumber));
      return this;
    }

    public BlockHistory build() {
      return new BlockHistory(this);
    }

    private String intern(String token) {
      return tokens.computeIfAbsent(token, t -> t);
    }

    /** The fields of a line, or null for a comment or empty line. */
    private static String[] fields(String line) {
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#")) {
        return null;
      }
      return FIELDS.split(s);
    }

    private static int height(Source source, int lineNumber, String text)
        throws VectorFormatException {
      int h;
      try {
        h = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new VectorFormatException(source, lineNumber, "height is not an integer: " + text);
      }
      if (h < 1) {
        throw new VectorFormatException(source, lineNumber, "height must be ≥ 1, got " + h);
      }
      if (h > MAX_HEIGHT) {
        throw new VectorFormatException(source, lineNumber, "height must be ≤ " + MAX_HEIGHT
            + " (every height from 1 up is computed), got " + h);
      }
      return h;
    }

    private static long stake(int lineNumber, String text) throws VectorFormatException {
      if (!text.matches("[+-]?[0-9]+")) {
        throw new VectorFormatException(
            Source.STAKES, lineNumber, "stake is not an integer: " + text);
      }
      if (text.startsWith("-") && !text.matches("-0+")) {
        throw new VectorFormatException(Source.STAKES, lineNumber, "negative stake " + text);
      }
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new VectorFormatException(
            Source.STAKES, lineNumber, "stake does not fit in 63 bits: " + text);
      }
    }
  }
}
