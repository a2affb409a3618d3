package io.cybergraph.node.home;

import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;

/** A named account key of the keyring. */
public record StoredKey(String name, KeyPair keys) {

  /** The account address in bech32 ({@code cyber1...}). */
  public String address() {
    return Address.toBech32(keys.address());
  }

  /** The public key in hex. */
  public String publicKeyHex() {
    return Address.hex(keys.publicKey());
  }
}
