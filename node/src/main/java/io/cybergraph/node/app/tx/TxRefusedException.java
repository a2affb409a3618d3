package io.cybergraph.node.app.tx;

/** A transaction refused with a {@link Refusal}; an expected outcome, so it has no stack trace. */
public final class TxRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Refusal refusal;

  public TxRefusedException(Refusal refusal) {
    super(refusal.toString(), null, false, false);
    this.refusal = refusal;
  }

  public TxRefusedException(RefusalCode code, String message, Object... nameValues) {
    this(Refusal.of(code, message, nameValues));
  }

  public Refusal refusal() {
    return refusal;
  }

  public RefusalCode code() {
    return refusal.code();
  }
}
