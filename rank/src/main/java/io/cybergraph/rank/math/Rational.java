package io.cybergraph.rank.math;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact rational number p/q (q > 0, reduced), for the rank parameters and the once-per-
 * parameter-set coefficients. Parses decimal strings exactly ({@code "0.85"} is 17/20,
 * exponent notation such as {@code "1e-9"} is allowed) and {@code "p/q"}.
 */
public final class Rational implements Comparable<Rational> {
  public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

  /** Decimal exponents beyond this are refused: nobody means 1e-100000 and it costs memory. */
  private static final int MAX_DECIMAL_SCALE = 1000;

  private final BigInteger num;
  private final BigInteger den;

  private Rational(BigInteger num, BigInteger den) {
    this.num = num;
    this.den = den;
  }

  public static Rational of(BigInteger num, BigInteger den) {
    if (den.signum() == 0) {
      throw new ArithmeticException("zero denominator");
    }
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    BigInteger g = num.gcd(den);
    if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
      num = num.divide(g);
      den = den.divide(g);
    }
    return new Rational(num, den);
  }

  public static Rational of(long num, long den) {
    return of(BigInteger.valueOf(num), BigInteger.valueOf(den));
  }

  public static Rational of(long value) {
    return of(value, 1);
  }

  /**
   * Parses {@code "p/q"} (integers, q ≠ 0) or a decimal such as {@code "0.85"}, {@code "1e-9"}.
   *
   * @throws NumberFormatException with a short reason if the text is neither
   */
  public static Rational parse(String text) {
    String s = text.strip();
    if (s.isEmpty() || !s.equals(text)) {
      throw new NumberFormatException("not a number: \"" + text + "\"");
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      BigInteger p = parseInteger(s.substring(0, slash), text);
      BigInteger q = parseInteger(s.substring(slash + 1), text);
      if (q.signum() == 0) {
        throw new NumberFormatException("zero denominator: \"" + text + "\"");
      }
      return of(p, q);
    }
    BigDecimal d;
    try {
      d = new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw new NumberFormatException("not a number: \"" + text + "\"");
    }
    return of(d);
  }

  /** The exact value of a decimal. */
  public static Rational of(BigDecimal d) {
    if (Math.abs((long) d.scale()) > MAX_DECIMAL_SCALE) {
      throw new NumberFormatException("exponent out of range: " + d);
    }
    if (d.scale() <= 0) {
      return of(d.unscaledValue().multiply(BigInteger.TEN.pow(-d.scale())), BigInteger.ONE);
    }
    return of(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
  }

  private static BigInteger parseInteger(String part, String text) {
    if (part.isEmpty() || !part.matches("[+-]?[0-9]+")) {
      throw new NumberFormatException("not a fraction p/q: \"" + text + "\"");
    }
    return new BigInteger(part);
  }

  public BigInteger numerator() {
    return num;
  }

  public BigInteger denominator() {
    return den;
  }

  public int signum() {
    return num.signum();
  }

  public Rational add(Rational o) {
    return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
  }

  public Rational subtract(Rational o) {
    return of(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
  }

  public Rational multiply(Rational o) {
    return of(num.multiply(o.num), den.multiply(o.den));
  }

  public Rational divide(Rational o) {
    return of(num.multiply(o.den), den.multiply(o.num));
  }

  public Rational pow(int exponent) {
    return of(num.pow(exponent), den.pow(exponent));
  }

  /** ⌊this · 2^bits⌋ for a non-negative value; throws if it does not fit in 63 bits. */
  public long floorTimesPowerOfTwo(int bits) {
    if (num.signum() < 0) {
      throw new ArithmeticException("negative value: " + this);
    }
    BigInteger q = num.shiftLeft(bits).divide(den);
    if (q.bitLength() > 63) {
      throw new RankBoundException("value does not fit in 63 bits: " + this + " · 2^" + bits);
    }
    return q.longValueExact();
  }

  @Override
  public int compareTo(Rational o) {
    return num.multiply(o.den).compareTo(o.num.multiply(den));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rational r && num.equals(r.num) && den.equals(r.den);
  }

  @Override
  public int hashCode() {
    return num.hashCode() * 31 + den.hashCode();
  }

  /** {@code "p/q"}, or {@code "p"} when q = 1: the form of the vectors' {@code params}. */
  @Override
  public String toString() {
    return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
  }
}
