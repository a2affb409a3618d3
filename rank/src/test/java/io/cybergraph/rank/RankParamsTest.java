package io.cybergraph.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cybergraph.rank.math.Rational;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RankParamsTest {
  @Test
  void defaultsDeriveTheSpecIntegers() {
    RankParams p = RankParams.defaults();
    assertEquals(Rational.of(17, 20).floorTimesPowerOfTwo(40), p.a());
    assertEquals(1L << 39, p.ld());
    assertEquals(1_152_921_504L, p.eps());
    assertEquals(10, p.k());
    assertEquals(10, p.lastPower());
    // B_0 = q40(0.3·(1/2) + 0.2·c_0), c_0 = 1/Σ_{j≤10} 1/j!
    Rational sum = Rational.ZERO;
    BigInteger fact = BigInteger.ONE;
    for (int j = 0; j <= 10; j++) {
      if (j > 0) {
        fact = fact.multiply(BigInteger.valueOf(j));
      }
      sum = sum.add(Rational.of(BigInteger.ONE, fact));
    }
    Rational b0 = Rational.of(3, 20).add(Rational.of(1, 5).divide(sum));
    assertEquals(b0.floorTimesPowerOfTwo(40), p.b()[0]);
    // a_8 = 1/2^8 closes the springs sweep; c_8 = (1/8!)/sum
    Rational b8 =
        Rational.of(3, 10).multiply(Rational.of(1, 256))
            .add(Rational.of(1, 5).multiply(Rational.of(BigInteger.ONE, BigInteger.valueOf(40320))).divide(sum));
    assertEquals(b8.floorTimesPowerOfTwo(40), p.b()[8]);
  }

  @Test
  void pureDiffusionHasNoPowers() {
    RankParams p =
        RankParams.builder().set("lambda_d", "1").set("lambda_s", "0").set("lambda_h", "0").build();
    assertEquals(0, p.lastPower());
    assertArrayEquals(new long[11], p.b());
    assertEquals(1L << 40, p.ld());
  }

  @Test
  void asMapWritesRationalsAsFractions() {
    RankParams p = RankParams.builder().set("alpha", "0.9").set("tolerance", "1e-10").build();
    assertEquals("9/10", p.asMap().get("alpha"));
    assertEquals("1/10000000000", p.asMap().get("tolerance"));
    assertEquals(8, p.asMap().get("springs_terms"));
  }

  @Test
  void badParametersNameThemselves() {
    assertEquals("foo", error(() -> RankParams.builder().set("foo", "1")).parameter());
    assertEquals("alpha", error(() -> RankParams.builder().set("alpha", "1").build()).parameter());
    assertEquals("alpha", error(() -> RankParams.builder().set("alpha", "x").build()).parameter());
    assertEquals(
        "lambda_d + lambda_s + lambda_h",
        error(() -> RankParams.builder().set("lambda_d", "0.6").build()).parameter());
    assertEquals("lambda_s", error(() -> RankParams.builder()
        .set("lambda_s", "-0.1").set("lambda_d", "0.9").build()).parameter());
    assertEquals("mu", error(() -> RankParams.builder().set("mu", "0").build()).parameter());
    assertEquals("tau", error(() -> RankParams.builder().set("tau", "-1").build()).parameter());
    assertEquals("max_iterations", error(() -> RankParams.builder().set("max_iterations", "0")).parameter());
    assertEquals("heat_terms", error(() -> RankParams.builder().set("heat_terms", "1.5")).parameter());
  }

  private static InvalidParameterException error(Runnable r) {
    return assertThrows(InvalidParameterException.class, r::run);
  }
}
