package io.cybergraph.rank.graph;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Working arrays of the matrix build, kept from block to block: the build of a million
 * particles needs a hundred megabytes of counts, divisors and sums that die with it, and on a
 * small heap that garbage, every block, is what the collector spends its time on. Arrays grow
 * with room to spare and are handed out at least as long as asked; nothing read from them is
 * kept. One build at a time may use a scratch. Slots are looked up by name, never iterated.
 */
public final class BuildScratch {
  private final Map<String, int[]> ints = new HashMap<>();
  private final Map<String, long[]> longs = new HashMap<>();

  /** An int array of at least {@code length}, zero over [0, length). */
  int[] zeroedInts(String slot, int length) {
    int[] a = ints.get(slot);
    if (a == null || a.length < length) {
      a = new int[grown(length)];
      ints.put(slot, a);
    } else {
      Arrays.fill(a, 0, length, 0);
    }
    return a;
  }

  /** An int array of at least {@code length}, with any contents. */
  int[] ints(String slot, int length) {
    int[] a = ints.get(slot);
    if (a == null || a.length < length) {
      a = new int[grown(length)];
      ints.put(slot, a);
    }
    return a;
  }

  /** A long array of at least {@code length}, with any contents. */
  long[] longs(String slot, int length) {
    long[] a = longs.get(slot);
    if (a == null || a.length < length) {
      a = new long[grown(length)];
      longs.put(slot, a);
    }
    return a;
  }

  private static int grown(int length) {
    return (int) Math.min(Integer.MAX_VALUE - 16L, length + (long) length / 4 + 16);
  }
}
