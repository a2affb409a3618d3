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

  /**
   * The coefficients, computed as one integer division each, equal spec §2's formula summed in
   * reduced fractions, over random parameters.
   */
  @Test
  void coefficientsEqualTheSpecFormulaInFractions() {
    java.util.Random random = new java.util.Random(7);
    for (int trial = 0; trial < 60; trial++) {
      int ks = random.nextInt(40);
      int kh = random.nextInt(40);
      String mu = (1 + random.nextInt(1 << 20)) + "/" + (1 + random.nextInt(1 << 20));
      String tau = (1 + random.nextInt(1 << 20)) + "/" + (1 + random.nextInt(1 << 20));
      int s = random.nextInt(101);
      int h = random.nextInt(101 - s);
      RankParams p = RankParams.builder()
          .set("lambda_s", s + "/100").set("lambda_h", h + "/100")
          .set("lambda_d", (100 - s - h) + "/100")
          .set("mu", mu).set("tau", tau)
          .set("springs_terms", "" + ks).set("heat_terms", "" + kh).build();
      assertArrayEquals(
          specCoefficients(Rational.of(s, 100), Rational.of(h, 100), Rational.parse(mu),
              Rational.parse(tau), ks, kh),
          p.b(), "mu " + mu + " tau " + tau + " K_s " + ks + " K_h " + kh);
    }
  }

  /** Spec §2 literally: a_k, c_k and B_k = q40(λ_s·a_k + λ_h·c_k) in reduced fractions. */
  private static long[] specCoefficients(
      Rational lambdaS, Rational lambdaH, Rational mu, Rational tau, int ks, int kh) {
    Rational sum = Rational.ZERO;
    Rational[] taylor = new Rational[kh + 1];
    BigInteger factorial = BigInteger.ONE;
    for (int j = 0; j <= kh; j++) {
      if (j > 0) {
        factorial = factorial.multiply(BigInteger.valueOf(j));
      }
      taylor[j] = tau.pow(j).divide(Rational.of(factorial, BigInteger.ONE));
      sum = sum.add(taylor[j]);
    }
    Rational onePlusMu = Rational.ONE.add(mu);
    long[] b = new long[Math.max(ks, kh) + 1];
    for (int k = 0; k < b.length; k++) {
      Rational a = k < ks ? mu.divide(onePlusMu.pow(k + 1))
          : k == ks ? Rational.ONE.divide(onePlusMu.pow(ks)) : Rational.ZERO;
      Rational c = k <= kh ? taylor[k].divide(sum) : Rational.ZERO;
      b[k] = lambdaS.multiply(a).add(lambdaH.multiply(c)).floorTimesPowerOfTwo(40);
    }
    return b;
  }

  /** Larger parameters made the exact coefficients of 256 terms take minutes (τ^256). */
  @Test
  void rationalsBeyond128BitsAreRefusedAndTheLargestAllowedBuild() {
    String big = BigInteger.ONE.shiftLeft(128).toString();
    InvalidParameterException e = error(() -> RankParams.builder().set("tau", big + "/3"));
    assertEquals("tau", e.parameter());
    assertEquals("tau", error(() -> RankParams.builder().set("tau", "1e100")).parameter());
    assertEquals("mu", error(() -> RankParams.builder().set("mu", "1/" + big)).parameter());
    String largest = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE).toString();
    RankParams p = RankParams.builder()
        .set("springs_terms", "256").set("heat_terms", "256")
        .set("mu", largest + "/" + BigInteger.ONE.shiftLeft(127).add(BigInteger.ONE))
        .set("tau", BigInteger.ONE.shiftLeft(127).add(BigInteger.ONE) + "/" + largest)
        .build();
    assertEquals(256, p.k());
  }

  private static InvalidParameterException error(Runnable r) {
    return assertThrows(InvalidParameterException.class, r::run);
  }
}
