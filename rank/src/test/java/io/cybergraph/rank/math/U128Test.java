package io.cybergraph.rank.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class U128Test {
  private static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);

  private static BigInteger unsigned(long v) {
    BigInteger b = BigInteger.valueOf(v);
    return v < 0 ? b.add(TWO64) : b;
  }

  @Test
  void divideMatchesBigInteger() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 300_000; i++) {
      long d = rnd.nextLong() >>> rnd.nextInt(64);
      if (d == 0) {
        d = 1;
      }
      long hi = Long.remainderUnsigned(rnd.nextLong(), d);
      long lo = rnd.nextLong();
      BigInteger num = unsigned(hi).shiftLeft(64).add(unsigned(lo));
      BigInteger q = num.divide(unsigned(d));
      assertEquals(q, unsigned(U128.divide(hi, lo, d)), hi + ":" + lo + "/" + d);
    }
  }

  @Test
  void divQ40MatchesBigIntegerOverAllDivisorSizes() {
    SplittableRandom rnd = new SplittableRandom(4);
    for (int i = 0; i < 300_000; i++) {
      long d = 1 + (rnd.nextLong(Long.MAX_VALUE) >>> rnd.nextInt(63));
      long t = switch (i % 4) {
        case 0 -> d;
        case 1 -> 0;
        case 2 -> Math.max(0, d - 1 - rnd.nextInt(3));
        default -> rnd.nextLong(d) + 1;
      };
      long expected = BigInteger.valueOf(t).shiftLeft(40).divide(BigInteger.valueOf(d)).longValueExact();
      assertEquals(expected, U128.divQ40(t, d), t + "/" + d);
    }
  }

  @Test
  void divQ40AtTheEdges() {
    long[] divisors = {1, 2, 3, (1L << 62) - 1, 1L << 62, Long.MAX_VALUE, (1L << 40) + 1, 999_999_999_999L};
    for (long d : divisors) {
      for (long t : new long[] {0, 1, d / 3, d / 2, d - 1, d}) {
        long expected =
            BigInteger.valueOf(t).shiftLeft(40).divide(BigInteger.valueOf(d)).longValueExact();
        assertEquals(expected, U128.divQ40(t, d), t + "/" + d);
      }
    }
  }
}
