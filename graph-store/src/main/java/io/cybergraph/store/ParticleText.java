package io.cybergraph.store;

import io.cybergraph.proto.cid.Base32;
import io.cybergraph.proto.cid.Base58;
import java.util.Arrays;

/**
 * The text a particle was first linked with, kept as one byte: a CID's text is fully determined
 * by its key (binary CIDv1) and its form, CIDv1 base32 ({@code b…}) or CIDv0 ({@code Qm…},
 * base58btc of the sha2-256 multihash of a dag-pb node). Storing the form instead of the text
 * saves about 50 bytes per particle.
 */
final class ParticleText {
  static final byte CIDV1_BASE32 = 0;
  static final byte CIDV0 = 1;

  /** A CIDv0 key is the binary CIDv1 of dag-pb (0x70) and sha2-256 (0x12, 32 bytes). */
  private static final byte[] V0_KEY_PREFIX = {0x01, 0x70, 0x12, 0x20};

  private ParticleText() {}

  /** The form whose rendering of {@code key} is exactly {@code text}, or -1 if none is. */
  static int formOf(byte[] key, String text) {
    if (text.startsWith("Qm") && isV0Key(key) && isV0TextOf(text, key)) {
      return CIDV0;
    }
    if (text.startsWith("b") && text.equals(render(key, CIDV1_BASE32))) {
      return CIDV1_BASE32;
    }
    return -1;
  }

  static String render(byte[] key, byte form) {
    if (form == CIDV0) {
      return Base58.encode(Arrays.copyOfRange(key, 2, key.length));
    }
    return "b" + Base32.encode(key);
  }

  /**
   * Whether {@code text} is the base58btc text of a CIDv0 key's multihash, checked by decoding it:
   * 2.5 times cheaper than encoding the key, and the store checks every new particle of every
   * block. Decoding suffices: base58 spells each number one way, and an extra leading '1' would
   * decode to a leading zero byte, while the multihash starts with its code 0x12.
   */
  private static boolean isV0TextOf(String text, byte[] v0Key) {
    byte[] multihash;
    try {
      multihash = Base58.decode(text);
    } catch (IllegalArgumentException notBase58) {
      return false;
    }
    return Arrays.equals(multihash, 0, multihash.length, v0Key, 2, v0Key.length);
  }

  private static boolean isV0Key(byte[] key) {
    return key.length == V0_KEY_PREFIX.length + 32
        && Arrays.equals(key, 0, V0_KEY_PREFIX.length, V0_KEY_PREFIX, 0, V0_KEY_PREFIX.length);
  }
}
