package io.cybergraph.store;

/** A {@link CommittedBlock} the store will not write; nothing was changed. */
public final class BlockRefusedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  BlockRefusedException(long height, String reason) {
    super("block " + height + " refused by the store: " + reason);
  }
}
