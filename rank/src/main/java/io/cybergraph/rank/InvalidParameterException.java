package io.cybergraph.rank;

/** A rank parameter is unknown, malformed or out of its range; the message starts with its name. */
public final class InvalidParameterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String parameter;

  public InvalidParameterException(String parameter, String reason) {
    super(parameter + ": " + reason);
    this.parameter = parameter;
  }

  /** The parameter's name as in the genesis section {@code rank}. */
  public String parameter() {
    return parameter;
  }
}
