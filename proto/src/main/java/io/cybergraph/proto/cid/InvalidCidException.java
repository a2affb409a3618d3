package io.cybergraph.proto.cid;

import io.cybergraph.proto.Texts;

/** A particle identifier that is not an accepted CID; the message names the value and the reason. */
public final class InvalidCidException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  public InvalidCidException(String value, String reason) {
    super("invalid CID " + Texts.quote(value) + ": " + reason);
    this.reason = reason;
  }

  /** The reason alone, without the value. */
  public String reason() {
    return reason;
  }
}
