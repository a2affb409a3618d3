package io.cybergraph.node.evidence;

/** Evidence refused, with the reason code and a message naming the values. */
public final class InvalidEvidenceException extends Exception {
  private static final long serialVersionUID = 1L;
  private final Rejection rejection;

  public InvalidEvidenceException(Rejection rejection, String message) {
    super(message, null, false, false); // an expected refusal: no stack trace
    this.rejection = rejection;
  }

  public Rejection rejection() {
    return rejection;
  }
}
