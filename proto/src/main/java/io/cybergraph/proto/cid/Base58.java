package io.cybergraph.proto.cid;

import java.util.Arrays;

/** Base58btc (the Bitcoin alphabet), as used by CIDv0. Each leading '1' is a zero byte. */
public final class Base58 {

  static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final int[] INDEX = new int[128];

  static {
    Arrays.fill(INDEX, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      INDEX[ALPHABET.charAt(i)] = i;
    }
  }

  private Base58() {}

  /** Base58btc text of {@code bytes}. */
  public static String encode(byte[] bytes) {
    int zeros = 0;
    while (zeros < bytes.length && bytes[zeros] == 0) {
      zeros++;
    }
    // base-256 to base-58 by repeated division of a working copy, most significant digit first
    byte[] input = Arrays.copyOf(bytes, bytes.length);
    char[] out = new char[bytes.length * 2];
    int outStart = out.length;
    int start = zeros;
    while (start < input.length) {
      int remainder = 0;
      for (int i = start; i < input.length; i++) {
        int value = (remainder << 8) | (input[i] & 0xff);
        input[i] = (byte) (value / 58);
        remainder = value % 58;
      }
      out[--outStart] = ALPHABET.charAt(remainder);
      while (start < input.length && input[start] == 0) {
        start++;
      }
    }
    for (int i = 0; i < zeros; i++) {
      out[--outStart] = '1';
    }
    return new String(out, outStart, out.length - outStart);
  }

  /** The bytes of base58btc text; {@link IllegalArgumentException} naming a bad character. */
  public static byte[] decode(String text) {
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    byte[] digits = new byte[text.length()];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int v = c < 128 ? INDEX[c] : -1;
      if (v < 0) {
        throw new IllegalArgumentException(
            "character '" + c + "' at position " + i + " is not base58btc");
      }
      digits[i] = (byte) v;
    }
    // base-58 to base-256, least significant byte at the end of the buffer
    byte[] out = new byte[text.length()];
    int outStart = out.length;
    int start = zeros;
    while (start < digits.length) {
      int remainder = 0;
      for (int i = start; i < digits.length; i++) {
        int value = remainder * 58 + digits[i];
        digits[i] = (byte) (value / 256);
        remainder = value % 256;
      }
      out[--outStart] = (byte) remainder;
      while (start < digits.length && digits[start] == 0) {
        start++;
      }
    }
    byte[] result = new byte[zeros + out.length - outStart];
    System.arraycopy(out, outStart, result, zeros, out.length - outStart);
    return result;
  }
}
