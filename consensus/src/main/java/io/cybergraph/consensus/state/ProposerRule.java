package io.cybergraph.consensus.state;

import java.math.BigInteger;

/**
 * Weighted round-robin choice of the proposer, stateless: a function of (height, round) and the
 * validator set only, so every node computes it alone and a restart needs nothing stored.
 *
 * <p>Let {@code P} be the total power. Picture a cycle of {@code P} slots in which validator {@code
 * i} of power {@code w_i} holds {@code w_i} slots, its {@code j}-th one ({@code j = 0 .. w_i − 1})
 * at key {@code ⌊(2j + 1)·P / (2·w_i)⌋} (evenly spread over the cycle, each slot in the middle of
 * its share); slots are ordered by key, ties by set order. The proposer of round {@code r} at
 * height {@code h} is the validator in slot {@code (h + r) mod P}.
 *
 * <p>With equal powers every validator's {@code j}-th key is the same, so the cycle is the set
 * order repeated, and the proposer is {@code validators[(h + r) mod n]}. A validator with twice the
 * power proposes twice as often, its turns spread over the cycle rather than bunched.
 *
 * <p>The slot is found by binary search on the key with an exact count of the slots below a key
 * ({@code O(n log P)} integer operations); the last answer is cached.
 */
final class ProposerRule {
  private final long[] powers;
  private final long total;
  private final BigInteger totalBig;
  private long cachedSlot = -1;
  private int cachedIndex;

  ProposerRule(long[] powers) {
    this.powers = powers.clone();
    long sum = 0;
    for (long p : powers) {
      sum += p;
    }
    this.total = sum;
    this.totalBig = BigInteger.valueOf(sum);
  }

  int proposer(long height, int round) {
    long slot = Math.floorMod(Math.floorMod(height, total) + Math.floorMod(round, total), total);
    if (slot != cachedSlot) {
      cachedIndex = validatorAtSlot(slot);
      cachedSlot = slot;
    }
    return cachedIndex;
  }

  /** The validator holding slot {@code s} ({@code 0 <= s < P}) of the cycle. */
  int validatorAtSlot(long s) {
    // smallest key t with more than s slots at keys <= t, i.e. countBelow(t + 1) > s
    long lo = 0;
    long hi = total - 1;
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (countBelow(mid + 1) > s) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    long key = lo;
    long rank = s - countBelow(key); // position among the slots with exactly this key
    for (int i = 0; i < powers.length; i++) {
      if (countBelow(i, key + 1) - countBelow(i, key) == 1) {
        if (rank == 0) {
          return i;
        }
        rank--;
      }
    }
    throw new IllegalStateException("no validator at slot " + s); // unreachable
  }

  /** Number of slots (of all validators) with key {@code < t}. */
  private long countBelow(long t) {
    long count = 0;
    for (int i = 0; i < powers.length; i++) {
      count += countBelow(i, t);
    }
    return count;
  }

  /**
   * Number of j in [0, w) with ⌊(2j+1)P/(2w)⌋ < t, i.e. odd m = 2j+1 with m·P < 2tw: that is
   * ⌊⌈2tw/P⌉ / 2⌋, capped at w.
   */
  private long countBelow(int i, long t) {
    long w = powers[i];
    BigInteger twoTw = BigInteger.valueOf(t).multiply(BigInteger.valueOf(w)).shiftLeft(1);
    long ceil = twoTw.add(totalBig).subtract(BigInteger.ONE).divide(totalBig).longValueExact();
    return Math.min(w, ceil / 2);
  }
}
