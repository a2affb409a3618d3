package io.cybergraph.rank.math;

/**
 * The fixed-point numbers of the spec (§1): focus values scaled by {@link #ONE} = 2^60,
 * coefficients and transition weights with {@link #Q} = 40 fractional bits, and the exact
 * 128-bit {@code mulShift}.
 */
public final class Fixed {
  /** Total focus: a focus vector sums to about ONE. */
  public static final long ONE = 1L << 60;
  /** Fractional bits of every coefficient and transition weight. */
  public static final int Q = 40;
  /** 1.0 in Q40 (the largest weight or coefficient there is). */
  public static final long ONE_Q = 1L << Q;

  private Fixed() {}

  /**
   * ⌊a·b / 2^s⌋ for a, b ≥ 0 and 1 ≤ s ≤ 63, from the exact 128-bit product.
   *
   * @throws RankBoundException if an operand is negative or the result is 2^63 or more
   */
  public static long mulShift(long a, long b, int s) {
    if (a < 0 || b < 0) {
      throw new RankBoundException("mulShift of a negative operand: " + a + ", " + b);
    }
    if (s < 1 || s > 63) {
      throw new IllegalArgumentException("shift out of range: " + s);
    }
    long hi = Math.multiplyHigh(a, b); // exact high word: both operands are non-negative
    long lo = a * b;
    if ((hi >>> (s - 1)) != 0) {
      throw new RankBoundException("mulShift result ≥ 2^63: " + a + " · " + b + " / 2^" + s);
    }
    return (hi << (64 - s)) | (lo >>> s);
  }

  /**
   * {@code mulShift(a, w, 40)} for a ≥ 0 and 0 ≤ w ≤ 2^40: the result never exceeds a, so no
   * bound can be violated and the check is left out. This is the inner loop of every product.
   */
  public static long mulQ40(long a, long w) {
    long hi = Math.multiplyHigh(a, w);
    return (hi << (64 - Q)) | ((a * w) >>> Q);
  }
}
