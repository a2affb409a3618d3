package io.cybergraph.proto.cid;

import java.util.Arrays;

/**
 * RFC 4648 base32 in lowercase without padding, as used by multibase 'b'. Decoding is strict:
 * only lowercase alphabet characters, a length that some byte string encodes to, and zero
 * trailing bits, so every byte string has exactly one text.
 */
public final class Base32 {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  private static final int[] INDEX = new int[128];

  static {
    Arrays.fill(INDEX, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      INDEX[ALPHABET.charAt(i)] = i;
    }
  }

  private Base32() {}

  /** Lowercase unpadded base32 of {@code bytes}. */
  public static String encode(byte[] bytes) {
    StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out.append(ALPHABET.charAt((buffer >>> bits) & 31));
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /** The bytes of lowercase unpadded base32 text; {@link IllegalArgumentException} with the reason. */
  public static byte[] decode(String text) {
    int remainderChars = text.length() % 8;
    if (remainderChars == 1 || remainderChars == 3 || remainderChars == 6) {
      throw new IllegalArgumentException(
          "base32 length " + text.length() + " is not the length of any byte string");
    }
    byte[] out = new byte[text.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int pos = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int v = c < 128 ? INDEX[c] : -1;
      if (v < 0) {
        String hint = c >= 'A' && c <= 'Z' ? " (uppercase; only lowercase base32 is accepted)" : "";
        throw new IllegalArgumentException(
            "character '" + c + "' at position " + i + " is not base32" + hint);
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[pos++] = (byte) (buffer >>> bits);
      }
    }
    if ((buffer & ((1 << bits) - 1)) != 0) {
      throw new IllegalArgumentException("base32 has non-zero trailing bits (non-canonical text)");
    }
    return out;
  }
}
