package io.cybergraph.store;

import java.util.Objects;

/** An account's new state after a block: 20-byte address and the encoded account (opaque). */
public record AccountUpdate(byte[] address, byte[] account) {
  public AccountUpdate {
    Objects.requireNonNull(address, "account address");
    Objects.requireNonNull(account, "account bytes");
  }
}
