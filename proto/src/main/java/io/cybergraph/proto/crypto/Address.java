package io.cybergraph.proto.crypto;

import io.cybergraph.proto.Texts;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Account addresses: the first 20 bytes of SHA-256(Ed25519 public key), shown as BIP-173 bech32
 * with the human-readable prefix {@code cyber} (e.g. {@code cyber1...}, 44 characters).
 */
public final class Address {

  public static final int LENGTH = 20;
  public static final String PREFIX = "cyber";

  private Address() {}

  /** The 20-byte address of a 32-byte public key. */
  public static byte[] fromPublicKey(byte[] publicKey) {
    if (publicKey == null || publicKey.length != Ed25519.PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "public key must be " + Ed25519.PUBLIC_KEY_LENGTH + " bytes, got "
              + (publicKey == null ? "null" : publicKey.length));
    }
    return Arrays.copyOf(Hashes.sha256(publicKey), LENGTH);
  }

  /** The bech32 form ({@code cyber1...}) of a 20-byte address. */
  public static String toBech32(byte[] address) {
    requireAddress(address);
    return Bech32.encode(PREFIX, Bech32.convertBits(address, 8, 5, true));
  }

  /**
   * The 20 bytes of a bech32 address, or {@link IllegalArgumentException} naming the value and
   * the reason (bad checksum, wrong prefix, wrong length, mixed case, ...).
   */
  public static byte[] fromBech32(String text) {
    try {
      Bech32.Decoded decoded = Bech32.decode(text);
      if (!decoded.hrp().equals(PREFIX)) {
        throw new IllegalArgumentException(
            "prefix is '" + decoded.hrp() + "', expected '" + PREFIX + "'");
      }
      byte[] bytes = Bech32.convertBits(decoded.data(), 5, 8, false);
      if (bytes.length != LENGTH) {
        throw new IllegalArgumentException(
            "address is " + bytes.length + " bytes, expected " + LENGTH);
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid address " + Texts.quote(text) + ": " + e.getMessage(), e);
    }
  }

  /** Lowercase hex of any bytes (a convenience over {@link HexFormat}). */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Throws unless {@code address} is exactly 20 bytes. */
  public static void requireAddress(byte[] address) {
    if (address == null || address.length != LENGTH) {
      throw new IllegalArgumentException(
          "address must be " + LENGTH + " bytes, got "
              + (address == null ? "null" : address.length));
    }
  }
}
