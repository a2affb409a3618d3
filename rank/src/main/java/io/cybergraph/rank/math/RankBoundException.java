package io.cybergraph.rank.math;

/**
 * A bound of the spec (§1) was violated: a {@code mulShift} result of 2^63 or more, a
 * normalisation total {@code T ≤ 2^59}, a weight sum that does not fit in 63 bits. This is a
 * bug or an input outside the consensus rule's domain; the computation stops, it never wraps.
 */
public final class RankBoundException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  public RankBoundException(String message) {
    super(message);
  }
}
