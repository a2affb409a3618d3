package io.cybergraph.consensus.state;

/**
 * The three timeouts, each growing linearly with the round: {@code timeout(r) = base + r × delta}
 * milliseconds (the paper's timeoutPropose/Prevote/Precommit; growth makes them eventually exceed
 * the unknown message delay after GST).
 */
public record TimeoutConfig(
    long proposeBaseMillis,
    long proposeDeltaMillis,
    long prevoteBaseMillis,
    long prevoteDeltaMillis,
    long precommitBaseMillis,
    long precommitDeltaMillis) {

  /** CometBFT's defaults: propose 3 s + 0.5 s/round, prevote and precommit 1 s + 0.5 s/round. */
  public static final TimeoutConfig DEFAULT = new TimeoutConfig(3000, 500, 1000, 500, 1000, 500);

  public TimeoutConfig {
    if (proposeBaseMillis < 0
        || proposeDeltaMillis < 0
        || prevoteBaseMillis < 0
        || prevoteDeltaMillis < 0
        || precommitBaseMillis < 0
        || precommitDeltaMillis < 0) {
      throw new IllegalArgumentException("timeouts must not be negative");
    }
  }

  /** The timeout for {@code step} in {@code round}, saturating instead of overflowing. */
  public long millis(Step step, int round) {
    long base;
    long delta;
    switch (step) {
      case PROPOSE:
        base = proposeBaseMillis;
        delta = proposeDeltaMillis;
        break;
      case PREVOTE:
        base = prevoteBaseMillis;
        delta = prevoteDeltaMillis;
        break;
      default:
        base = precommitBaseMillis;
        delta = precommitDeltaMillis;
        break;
    }
    long r = Math.max(0, round);
    if (r > 0 && delta > (Long.MAX_VALUE - base) / r) {
      return Long.MAX_VALUE;
    }
    return base + delta * r;
  }
}
