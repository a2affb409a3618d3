package io.cybergraph.rank.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedTest {
  private static long reference(long a, long b, int s) {
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).shiftRight(s).longValueExact();
  }

  @Test
  void mulShiftIsTheExactFloorOfTheProduct() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < 200_000; i++) {
      long a = rnd.nextLong(1L << 61);
      long b = rnd.nextLong(1L << (1 + rnd.nextInt(62)));
      int s = 40 + rnd.nextInt(24);
      BigInteger exact = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).shiftRight(s);
      if (exact.bitLength() <= 63) {
        assertEquals(exact.longValueExact(), Fixed.mulShift(a, b, s), a + "*" + b + ">>" + s);
      } else {
        long fa = a;
        long fb = b;
        assertThrows(RankBoundException.class, () -> Fixed.mulShift(fa, fb, s));
      }
    }
  }

  @Test
  void mulQ40MatchesMulShiftForWeightsUpToOne() {
    SplittableRandom rnd = new SplittableRandom(2);
    for (int i = 0; i < 200_000; i++) {
      long a = rnd.nextLong(Long.MAX_VALUE);
      long w = rnd.nextLong(Fixed.ONE_Q + 1);
      assertEquals(reference(a, w, 40), Fixed.mulQ40(a, w));
    }
    assertEquals(Long.MAX_VALUE, Fixed.mulQ40(Long.MAX_VALUE, Fixed.ONE_Q));
  }

  @Test
  void resultOfTwoToThe63Throws() {
    assertEquals((1L << 63) - 1, Fixed.mulShift(Long.MAX_VALUE, 1L << 40, 40));
    assertThrows(RankBoundException.class, () -> Fixed.mulShift(1L << 62, 1L << 41, 40));
    assertThrows(RankBoundException.class, () -> Fixed.mulShift(-1, 1, 40));
  }
}
