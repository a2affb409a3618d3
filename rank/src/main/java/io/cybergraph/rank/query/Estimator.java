package io.cybergraph.rank.query;

/**
 * How {@link Explainer} estimates ∂focus_p/∂w:
 *
 * <ul>
 *   <li>{@code transpose}: the adjoint system Jᵀλ = e_p at the fixed point (exact);
 *   <li>{@code ep}: J s = e_p used in place of λ (wrong: J is not symmetric; kept to show it);
 *   <li>{@code unrolled:T}: reverse-mode derivative of T iterations of Φ from uniform.
 * </ul>
 *
 * @param kind which estimator
 * @param steps T for {@code unrolled}, 0 otherwise
 */
public record Estimator(Kind kind, int steps) {
  /** Unrolled steps are stored (one vector each): more than this is a typing error. */
  public static final int MAX_STEPS = 10_000;

  public enum Kind {
    TRANSPOSE,
    EP,
    UNROLLED
  }

  public static final Estimator TRANSPOSE = new Estimator(Kind.TRANSPOSE, 0);
  public static final Estimator EP = new Estimator(Kind.EP, 0);

  public Estimator {
    if (kind == Kind.UNROLLED ? steps < 1 || steps > MAX_STEPS : steps != 0) {
      throw new IllegalArgumentException("unrolled:T needs 1 ≤ T ≤ " + MAX_STEPS);
    }
  }

  public static Estimator unrolled(int steps) {
    return new Estimator(Kind.UNROLLED, steps);
  }

  /**
   * Parses {@code transpose}, {@code ep} or {@code unrolled:T}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Estimator parse(String text) {
    switch (text) {
      case "transpose":
        return TRANSPOSE;
      case "ep":
        return EP;
      default:
        if (text.startsWith("unrolled:")) {
          String t = text.substring("unrolled:".length());
          int steps;
          try {
            steps = Integer.parseInt(t);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unrolled:T needs an integer T, got \"" + t + "\"");
          }
          return unrolled(steps);
        }
        throw new IllegalArgumentException(
            "unknown estimator \"" + text + "\" (transpose, ep or unrolled:T)");
    }
  }

  @Override
  public String toString() {
    return switch (kind) {
      case TRANSPOSE -> "transpose";
      case EP -> "ep";
      case UNROLLED -> "unrolled:" + steps;
    };
  }
}
