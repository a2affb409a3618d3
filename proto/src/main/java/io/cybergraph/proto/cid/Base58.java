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

  /** 58^5: five base-58 digits per step of the limb arithmetic below (below 2^31). */
  private static final long POW5 = 58L * 58 * 58 * 58 * 58;

  /**
   * Base58btc text of {@code bytes}.
   *
   * <p>The number is held in 32-bit limbs (most significant first) and divided by 58^5 per pass,
   * which gives five digits at a time: about 25 times fewer divisions than digit by digit over
   * bytes, which made CIDv0 texts a visible cost of executing and storing blocks.
   */
  public static String encode(byte[] bytes) {
    int zeros = 0;
    while (zeros < bytes.length && bytes[zeros] == 0) {
      zeros++;
    }
    int n = bytes.length - zeros;
    int[] limbs = new int[(n + 3) / 4];
    for (int i = 0; i < n; i++) { // big-endian bytes into big-endian limbs, aligned at the end
      int pos = n - 1 - i; // byte position from the least significant end
      limbs[limbs.length - 1 - pos / 4] |= (bytes[bytes.length - 1 - pos] & 0xff) << (8 * (pos % 4));
    }
    // at most ⌈n · log(256) / log(58)⌉ + 5 digits
    char[] out = new char[zeros + n * 138 / 100 + 6];
    int outStart = out.length;
    int start = 0;
    while (start < limbs.length) {
      long remainder = 0;
      for (int i = start; i < limbs.length; i++) {
        long value = (remainder << 32) | (limbs[i] & 0xffffffffL);
        limbs[i] = (int) (value / POW5);
        remainder = value % POW5;
      }
      while (start < limbs.length && limbs[start] == 0) {
        start++;
      }
      int r = (int) remainder;
      for (int d = 0; d < 5; d++) {
        out[--outStart] = ALPHABET.charAt(r % 58);
        r /= 58;
        if (start == limbs.length && r == 0) {
          break; // no leading zero digits of the most significant group
        }
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
    int[] digits = new int[text.length()];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int v = c < 128 ? INDEX[c] : -1;
      if (v < 0) {
        throw new IllegalArgumentException(
            "character '" + c + "' at position " + i + " is not base58btc");
      }
      digits[i] = v;
    }
    // multiply-accumulate five digits at a time into 32-bit limbs (least significant first)
    int m = text.length() - zeros;
    int[] limbs = new int[(m * 733 / 1000 + 1 + 3) / 4 + 1];
    int used = 0;
    for (int i = zeros; i < text.length(); ) {
      int group = Math.min(5, text.length() - i);
      long multiplier = 1;
      long add = 0;
      for (int d = 0; d < group; d++, i++) {
        multiplier *= 58;
        add = add * 58 + digits[i];
      }
      long carry = add;
      for (int k = 0; k < used; k++) {
        long value = (limbs[k] & 0xffffffffL) * multiplier + carry;
        limbs[k] = (int) value;
        carry = value >>> 32;
      }
      if (carry != 0) {
        limbs[used++] = (int) carry;
      }
    }
    int significant = used * 4;
    while (significant > 0 && ((limbs[(significant - 1) / 4] >>> (8 * ((significant - 1) % 4))) & 0xff) == 0) {
      significant--;
    }
    byte[] result = new byte[zeros + significant];
    for (int b = 0; b < significant; b++) {
      result[result.length - 1 - b] = (byte) (limbs[b / 4] >>> (8 * (b % 4)));
    }
    return result;
  }
}
