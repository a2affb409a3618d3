package io.cybergraph.consensus.signer;

/**
 * The signer will not sign this: it would be a regression (an earlier height, round or step than
 * the last signature) or a second, different message at the same step: double signing.
 */
public final class SigningRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  public SigningRefusedException(String message) {
    super(message);
  }
}
