package io.cybergraph.node.app;

import io.cybergraph.node.app.tx.Refusal;

/**
 * A block that cannot execute: tx {@code txIndex} (hash {@code txHash}) failed with {@code
 * refusal}, or took the block past a limit. Nothing was changed. Expected (a validator prevotes
 * nil), so it has no stack trace.
 */
public final class InvalidBlockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long height;
  private final int txIndex;
  private final ByteKey txHash;
  private final transient Refusal refusal;

  public InvalidBlockException(long height, int txIndex, ByteKey txHash, Refusal refusal) {
    super("block " + height + " is invalid: tx " + txIndex + " (" + txHash.hex() + ") " + refusal,
        null, false, false);
    this.height = height;
    this.txIndex = txIndex;
    this.txHash = txHash;
    this.refusal = refusal;
  }

  public long height() {
    return height;
  }

  public int txIndex() {
    return txIndex;
  }

  public ByteKey txHash() {
    return txHash;
  }

  public Refusal refusal() {
    return refusal;
  }
}
