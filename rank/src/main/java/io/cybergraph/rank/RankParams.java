package io.cybergraph.rank;

import io.cybergraph.rank.math.Fixed;
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

  /** B_k = q40(λ_s·a_k + λ_h·c_k) for k = 0..K, K = max(K_s, K_h). */
  private long[] polynomialCoefficients() {
    int k = Math.max(springsTerms, heatTerms);
    Rational onePlusMu = Rational.ONE.add(mu);
    // heat: Taylor terms τ^j/j!, renormalised to mass 1
    Rational[] taylor = new Rational[heatTerms + 1];
    Rational sum = Rational.ZERO;
    BigInteger factorial = BigInteger.ONE;
    for (int j = 0; j <= heatTerms; j++) {
      if (j > 0) {
        factorial = factorial.multiply(BigInteger.valueOf(j));
      }
      taylor[j] = tau.pow(j).divide(Rational.of(factorial, BigInteger.ONE));
      sum = sum.add(taylor[j]);
    }
    long[] coefficients = new long[k + 1];
    for (int j = 0; j <= k; j++) {
      Rational springs;
      if (j < springsTerms) {
        springs = mu.divide(onePlusMu.pow(j + 1));
      } else if (j == springsTerms) {
        springs = Rational.ONE.divide(onePlusMu.pow(springsTerms));
      } else {
        springs = Rational.ZERO;
      }
      Rational heat = j <= heatTerms ? taylor[j].divide(sum) : Rational.ZERO;
      coefficients[j] =
          lambdaS.multiply(springs).add(lambdaH.multiply(heat)).floorTimesPowerOfTwo(Fixed.Q);
    }
    return coefficients;
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
      try {
        return Rational.parse(value);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new InvalidParameterException(name, e.getMessage());
      }
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
