package io.cybergraph.rank;

import io.cybergraph.rank.math.Fixed;
import io.cybergraph.rank.math.RankBoundException;
import io.cybergraph.rank.math.Rational;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rank parameters (spec §2) and the integers derived from them once, exactly: A, LD, EPS
 * and the shared springs-and-heat polynomial coefficients B_k.
 */
public final class RankParams {
  /** The parameter names, in the order the vectors list them. */
  public static final List<String> NAMES =
      List.of(
          "alpha", "lambda_d", "lambda_s", "lambda_h", "mu", "tau",
          "springs_terms", "heat_terms", "tolerance", "max_iterations");

  /** Upper limits that keep the exact coefficient computation small. */
  static final int MAX_TERMS = 256;

  static final int MAX_ITERATIONS = 1_000_000;

  /**
   * Bits of a rational parameter's numerator and denominator (about 38 decimal digits): with
   * 256 terms, τ^256 of a larger τ made the exact coefficients take minutes.
   */
  static final int MAX_RATIONAL_BITS = 128;

  private final Rational alpha;
  private final Rational lambdaD;
  private final Rational lambdaS;
  private final Rational lambdaH;
  private final Rational mu;
  private final Rational tau;
  private final int springsTerms;
  private final int heatTerms;
  private final Rational tolerance;
  private final int maxIterations;

  private final long a;
  private final long ld;
  private final long eps;
  private final long[] b;
  private final int lastPower;

  private RankParams(Builder p) {
    alpha = p.alpha;
    lambdaD = p.lambdaD;
    lambdaS = p.lambdaS;
    lambdaH = p.lambdaH;
    mu = p.mu;
    tau = p.tau;
    springsTerms = p.springsTerms;
    heatTerms = p.heatTerms;
    tolerance = p.tolerance;
    maxIterations = p.maxIterations;

    a = alpha.floorTimesPowerOfTwo(Fixed.Q);
    ld = lambdaD.floorTimesPowerOfTwo(Fixed.Q);
    eps = tolerance.floorTimesPowerOfTwo(60);
    b = polynomialCoefficients();
    int last = b.length - 1;
    while (last >= 0 && b[last] == 0) {
      last--;
    }
    lastPower = Math.max(last, 0);
  }

  /** The defaults of spec §2. */
  public static RankParams defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * B_k = q40(λ_s·a_k + λ_h·c_k) for k = 0..K, K = max(K_s, K_h), each as one floor division of
   * integers: with μ = mp/mq, a_k = mp·mq^k / (mq+mp)^(k+1) (k < K_s) and a_{K_s} = mq^K_s /
   * (mq+mp)^K_s; with τ = tp/tq, c_k = t_k / Σ_j t_j where t_k = tp^k·tq^(K_h−k)·K_h!/k! (the
   * Taylor terms τ^k/k! over their common denominator tq^K_h·K_h!). The same values as summing
   * reduced fractions, without a gcd of numbers of thousands of bits at every step.
   */
  private long[] polynomialCoefficients() {
    int k = Math.max(springsTerms, heatTerms);
    BigInteger mp = mu.numerator();
    BigInteger mq = mu.denominator();
    BigInteger onePlusMu = mq.add(mp);
    BigInteger[] heat = heatTerms(tau.numerator(), tau.denominator());
    BigInteger heatSum = BigInteger.ZERO;
    for (BigInteger t : heat) {
      heatSum = heatSum.add(t);
    }
    BigInteger sp = lambdaS.numerator();
    BigInteger sq = lambdaS.denominator();
    BigInteger hp = lambdaH.numerator();
    BigInteger hq = lambdaH.denominator();
    long[] coefficients = new long[k + 1];
    BigInteger mqPower = BigInteger.ONE; // mq^j
    BigInteger onePlusMuPower = onePlusMu; // (mq+mp)^(j+1)
    for (int j = 0; j <= k; j++) {
      BigInteger springsNum;
      BigInteger springsDen;
      if (j < springsTerms) {
        springsNum = mp.multiply(mqPower);
        springsDen = onePlusMuPower;
      } else if (j == springsTerms) {
        springsNum = mqPower;
        springsDen = onePlusMuPower.divide(onePlusMu);
      } else {
        springsNum = BigInteger.ZERO;
        springsDen = BigInteger.ONE;
      }
      BigInteger heatNum = j <= heatTerms ? heat[j] : BigInteger.ZERO;
      // λ_s·a_j + λ_h·c_j = (sp·an·hq·N + hp·t_j·sq·ad) / (sq·ad·hq·N)
      BigInteger num = sp.multiply(springsNum).multiply(hq).multiply(heatSum)
          .add(hp.multiply(heatNum).multiply(sq).multiply(springsDen));
      BigInteger den = sq.multiply(springsDen).multiply(hq).multiply(heatSum);
      BigInteger q = num.shiftLeft(Fixed.Q).divide(den);
      if (q.bitLength() > 63) {
        throw new RankBoundException("B_" + j + " does not fit in 63 bits");
      }
      coefficients[j] = q.longValueExact();
      mqPower = mqPower.multiply(mq);
      onePlusMuPower = onePlusMuPower.multiply(onePlusMu);
    }
    return coefficients;
  }

  /** t_j = tp^j · tq^(K_h−j) · K_h!/j! for j = 0..K_h. */
  private BigInteger[] heatTerms(BigInteger tp, BigInteger tq) {
    BigInteger[] tqPowers = new BigInteger[heatTerms + 1];
    tqPowers[0] = BigInteger.ONE;
    for (int j = 1; j <= heatTerms; j++) {
      tqPowers[j] = tqPowers[j - 1].multiply(tq);
    }
    BigInteger[] factorialRatio = new BigInteger[heatTerms + 1]; // K_h!/j!
    factorialRatio[heatTerms] = BigInteger.ONE;
    for (int j = heatTerms - 1; j >= 0; j--) {
      factorialRatio[j] = factorialRatio[j + 1].multiply(BigInteger.valueOf(j + 1));
    }
    BigInteger[] terms = new BigInteger[heatTerms + 1];
    BigInteger tpPower = BigInteger.ONE;
    for (int j = 0; j <= heatTerms; j++) {
      terms[j] = tpPower.multiply(tqPowers[heatTerms - j]).multiply(factorialRatio[j]);
      tpPower = tpPower.multiply(tp);
    }
    return terms;
  }

  /** A = q40(alpha). */
  public long a() {
    return a;
  }

  /** LD = q40(lambda_d). */
  public long ld() {
    return ld;
  }

  /** EPS = ⌊tolerance · ONE⌋. */
  public long eps() {
    return eps;
  }

  /** B_k for k = 0..K (a copy). */
  public long[] b() {
    return b.clone();
  }

  /** B_k without a copy, for the kernel. */
  long b(int k) {
    return b[k];
  }

  /** The highest power k of M with B_k ≠ 0 (0 if none): higher powers add nothing. */
  public int lastPower() {
    return lastPower;
  }

  public int maxIterations() {
    return maxIterations;
  }

  /** K = max(springs_terms, heat_terms). */
  public int k() {
    return b.length - 1;
  }

  /**
   * The parameters as the vectors' {@code params} object: rationals as {@code "p/q"} strings,
   * integers as numbers, in {@link #NAMES} order.
   */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("alpha", alpha.toString());
    m.put("lambda_d", lambdaD.toString());
    m.put("lambda_s", lambdaS.toString());
    m.put("lambda_h", lambdaH.toString());
    m.put("mu", mu.toString());
    m.put("tau", tau.toString());
    m.put("springs_terms", springsTerms);
    m.put("heat_terms", heatTerms);
    m.put("tolerance", tolerance.toString());
    m.put("max_iterations", maxIterations);
    return m;
  }

  @Override
  public String toString() {
    return asMap() + " B=" + Arrays.toString(b);
  }

  /** Collects parameters by name and validates them all in {@link #build()}. */
  public static final class Builder {
    private Rational alpha = Rational.of(17, 20);
    private Rational lambdaD = Rational.of(1, 2);
    private Rational lambdaS = Rational.of(3, 10);
    private Rational lambdaH = Rational.of(1, 5);
    private Rational mu = Rational.ONE;
    private Rational tau = Rational.ONE;
    private int springsTerms = 8;
    private int heatTerms = 10;
    private Rational tolerance = Rational.of(1, 1_000_000_000);
    private int maxIterations = 20;

    private Builder() {}

    /**
     * Sets one parameter from its text: a rational ({@code "0.85"}, {@code "1e-9"},
     * {@code "17/20"}) or, for the counts, an integer.
     *
     * @throws InvalidParameterException for an unknown name or malformed value
     */
    public Builder set(String name, String value) {
      switch (name) {
        case "alpha" -> alpha = rational(name, value);
        case "lambda_d" -> lambdaD = rational(name, value);
        case "lambda_s" -> lambdaS = rational(name, value);
        case "lambda_h" -> lambdaH = rational(name, value);
        case "mu" -> mu = rational(name, value);
        case "tau" -> tau = rational(name, value);
        case "tolerance" -> tolerance = rational(name, value);
        case "springs_terms" -> springsTerms = integer(name, value, 0, MAX_TERMS);
        case "heat_terms" -> heatTerms = integer(name, value, 0, MAX_TERMS);
        case "max_iterations" -> maxIterations = integer(name, value, 1, MAX_ITERATIONS);
        default -> throw new InvalidParameterException(name, "unknown parameter");
      }
      return this;
    }

    public Builder maxIterations(int n) {
      return set("max_iterations", Integer.toString(n));
    }

    public Builder tolerance(String t) {
      return set("tolerance", t);
    }

    /** Validates the ranges of spec §2 and derives the integers. */
    public RankParams build() {
      if (alpha.signum() < 0 || alpha.compareTo(Rational.ONE) >= 0) {
        throw new InvalidParameterException("alpha", "must satisfy 0 ≤ alpha < 1, got " + alpha);
      }
      nonNegative("lambda_d", lambdaD);
      nonNegative("lambda_s", lambdaS);
      nonNegative("lambda_h", lambdaH);
      Rational lambdas = lambdaD.add(lambdaS).add(lambdaH);
      if (!lambdas.equals(Rational.ONE)) {
        throw new InvalidParameterException(
            "lambda_d + lambda_s + lambda_h", "must sum to exactly 1, got " + lambdas);
      }
      if (mu.signum() <= 0) {
        throw new InvalidParameterException("mu", "must be > 0, got " + mu);
      }
      if (tau.signum() <= 0) {
        throw new InvalidParameterException("tau", "must be > 0, got " + tau);
      }
      nonNegative("tolerance", tolerance);
      if (tolerance.compareTo(Rational.of(2)) > 0) {
        throw new InvalidParameterException("tolerance", "must be at most 2, got " + tolerance);
      }
      return new RankParams(this);
    }

    private static void nonNegative(String name, Rational r) {
      if (r.signum() < 0) {
        throw new InvalidParameterException(name, "must be ≥ 0, got " + r);
      }
    }

    private static Rational rational(String name, String value) {
      Rational r;
      try {
        r = Rational.parse(value);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new InvalidParameterException(name, e.getMessage());
      }
      if (r.numerator().bitLength() > MAX_RATIONAL_BITS
          || r.denominator().bitLength() > MAX_RATIONAL_BITS) {
        throw new InvalidParameterException(name, "numerator and denominator (in lowest terms)"
            + " must be below 2^" + MAX_RATIONAL_BITS + ", got " + value);
      }
      return r;
    }

    private static int integer(String name, String value, int min, int max) {
      int n;
      try {
        n = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new InvalidParameterException(name, "not an integer: \"" + value + "\"");
      }
      if (n < min || n > max) {
        throw new InvalidParameterException(name, "must be in " + min + ".." + max + ", got " + n);
      }
      return n;
    }
  }
}
