package io.cybergraph.store;

import java.util.Objects;

/**
 * One piece of evidence a block commits (or the pool holds), opaque to the store but for its
 * keys.
 *
 * @param key the 33-byte equivocation key: validator address (20) ‖ height u64 ‖ round u32 ‖
 *     vote type u8; at most one piece of evidence per key is ever committed
 * @param hash the 32-byte evidence hash (SHA-256 of the encoded {@code Evidence})
 * @param evidence the encoded {@code Evidence}
 */
public record NewEvidence(byte[] key, byte[] hash, byte[] evidence) {
  /** Length of an equivocation key. */
  public static final int KEY_BYTES = 20 + 8 + 4 + 1;

  public NewEvidence {
    Objects.requireNonNull(key, "evidence key");
    Objects.requireNonNull(hash, "evidence hash");
    Objects.requireNonNull(evidence, "evidence bytes");
  }
}
