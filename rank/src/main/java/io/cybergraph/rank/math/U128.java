package io.cybergraph.rank.math;

/**
 * Exact division of 128-bit unsigned numerators by 64-bit divisors, without BigInteger, for
 * the per-edge weights {@code ⌊t · 2^40 / D⌋} of the transition matrices (spec §3).
 *
 * <p>Per divisor D a reciprocal {@code R = ⌊2^(40+k) / D⌋} with {@code k = bitLength(D) + 1} is
 * computed once; then every {@code ⌊t · 2^40 / D⌋} with {@code 0 ≤ t ≤ D} is
 * {@code ⌊t·R / 2^k⌋}, which is the exact quotient or one less (t < 2^k makes the error below
 * one), followed by one exact correction from the remainder.
 */
public final class U128 {
  private static final long HALF = 1L << 32;
  private static final long LOW32 = 0xFFFF_FFFFL;

  private U128() {}

  /**
   * ⌊(hi·2^64 + lo) / d⌋, all unsigned, for hi < d (so the quotient fits in 64 bits).
   * Knuth's algorithm D with 32-bit digits (Hacker's Delight, divlu).
   */
  public static long divide(long hi, long lo, long d) {
    if (d == 0 || Long.compareUnsigned(hi, d) >= 0) {
      throw new ArithmeticException("128/64 quotient overflows 64 bits");
    }
    int s = Long.numberOfLeadingZeros(d);
    long v = d << s;
    long vn1 = v >>> 32;
    long vn0 = v & LOW32;
    long un32 = s == 0 ? hi : (hi << s) | (lo >>> (64 - s));
    long un10 = lo << s;
    long un1 = un10 >>> 32;
    long un0 = un10 & LOW32;

    long q1 = Long.divideUnsigned(un32, vn1);
    long rhat = un32 - q1 * vn1;
    while (Long.compareUnsigned(q1, HALF) >= 0
        || Long.compareUnsigned(q1 * vn0, (rhat << 32) + un1) > 0) {
      q1--;
      rhat += vn1;
      if (Long.compareUnsigned(rhat, HALF) >= 0) {
        break;
      }
    }
    long un21 = (un32 << 32) + un1 - q1 * v;
    long q0 = Long.divideUnsigned(un21, vn1);
    rhat = un21 - q0 * vn1;
    while (Long.compareUnsigned(q0, HALF) >= 0
        || Long.compareUnsigned(q0 * vn0, (rhat << 32) + un0) > 0) {
      q0--;
      rhat += vn1;
      if (Long.compareUnsigned(rhat, HALF) >= 0) {
        break;
      }
    }
    return (q1 << 32) + q0;
  }

  /** The reciprocal of a divisor 1 ≤ d < 2^63 for {@link #divQ40(long, long, long)}. */
  public static long reciprocal(long d) {
    if (d <= 0) {
      throw new ArithmeticException("divisor must be positive: " + d);
    }
    int e = Fixed.Q + shiftOf(d); // 42..104
    long hi = e >= 64 ? 1L << (e - 64) : 0;
    long lo = e >= 64 ? 0 : 1L << e;
    return divide(hi, lo, d);
  }

  /**
   * ⌊t · 2^40 / d⌋ for 0 ≤ t ≤ d, with {@code r = reciprocal(d)}; the result is at most 2^40.
   */
  public static long divQ40(long t, long d, long r) {
    int k = shiftOf(d); // 2..64
    long hi = Math.multiplyHigh(t, r);
    long lo = t * r;
    // ⌊(hi·2^64 + lo) / 2^k⌋; the low word shifts in two steps so that k = 64 gives 0
    long q = (hi << (64 - k)) | (lo >>> 1 >>> (k - 1));
    // the true remainder t·2^40 − q·d lies in [0, 2d) < 2^64: its low 64 bits are exact
    long rem = (t << Fixed.Q) - q * d;
    if (Long.compareUnsigned(rem, d) >= 0) {
      q++;
    }
    return q;
  }

  /** ⌊t · 2^40 / d⌋ for 0 ≤ t ≤ d without a precomputed reciprocal. */
  public static long divQ40(long t, long d) {
    return divQ40(t, d, reciprocal(d));
  }

  private static int shiftOf(long d) {
    return 65 - Long.numberOfLeadingZeros(d); // bitLength(d) + 1
  }
}
