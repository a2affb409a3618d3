package io.cybergraph.proto.codec;

/** A transaction refused by {@link TxCodec}, with a stable reason code and a message. */
public final class InvalidTxException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Why a transaction is refused; the names are stable and may be shown to clients. */
  public enum Reason {
    /** The bytes are not a TxRaw, or body_bytes is not a TxBody. */
    MALFORMED,
    /** TxRaw or TxBody carries fields unknown to this protocol version. */
    UNKNOWN_FIELDS,
    /** TxRaw bytes differ from the deterministic encoding of what they decode to. */
    NON_CANONICAL_RAW,
    /** body_bytes differ from the deterministic encoding of the TxBody they decode to. */
    NON_CANONICAL_BODY,
    /** public_key is not 32 bytes. */
    BAD_PUBLIC_KEY,
    /** signature is not 64 bytes. */
    BAD_SIGNATURE_LENGTH,
    /** The signature does not verify against public_key over body_bytes. */
    BAD_SIGNATURE,
    /** The body has no messages. */
    NO_MESSAGES,
    /** A message has no kind set (neither cyberlink nor send). */
    EMPTY_MESSAGE
  }

  private final Reason reason;
  private final String detail;

  public InvalidTxException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
    this.detail = message;
  }

  public Reason reason() {
    return reason;
  }

  /** What is wrong, without the reason's name (for answers that carry their own code). */
  public String detail() {
    return detail;
  }
}
