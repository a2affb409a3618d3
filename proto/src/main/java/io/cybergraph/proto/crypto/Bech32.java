package io.cybergraph.proto.crypto;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Bech32 as specified by BIP-173 (the original checksum constant 1, not bech32m): a
 * human-readable part, the separator {@code 1}, and 5-bit data characters ending in a 6-character
 * checksum. At most 90 characters; all lowercase or all uppercase.
 */
public final class Bech32 {

  /** BIP-173 limit on the whole string. */
  public static final int MAX_LENGTH = 90;

  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GENERATOR = {
    0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3
  };
  private static final int CHECKSUM_LENGTH = 6;

  private Bech32() {}

  /** A decoded bech32 string: the lowercase human-readable part and the 5-bit data values. */
  public record Decoded(String hrp, byte[] data) {}

  /** Encodes 5-bit values under the human-readable part {@code hrp} (kept lowercase). */
  public static String encode(String hrp, byte[] data5) {
    String lowerHrp = hrp.toLowerCase(Locale.ROOT);
    checkHrp(lowerHrp, hrp);
    for (byte b : data5) {
      if ((b & 0xff) > 31) {
        throw new IllegalArgumentException("data value " + (b & 0xff) + " is not a 5-bit value");
      }
    }
    int length = lowerHrp.length() + 1 + data5.length + CHECKSUM_LENGTH;
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException("bech32 string would be " + length + " characters");
    }
    byte[] checksum = checksum(lowerHrp, data5);
    StringBuilder out = new StringBuilder(length).append(lowerHrp).append('1');
    for (byte b : data5) {
      out.append(CHARSET.charAt(b));
    }
    for (byte b : checksum) {
      out.append(CHARSET.charAt(b));
    }
    return out.toString();
  }

  /** Decodes and checks a bech32 string, with a clear reason on failure. */
  public static Decoded decode(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("bech32: empty string");
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "bech32: too long (" + text.length() + " characters, at most " + MAX_LENGTH + ")");
    }
    boolean lower = false;
    boolean upper = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 33 || c > 126) {
        throw new IllegalArgumentException(
            "bech32: character " + String.format("U+%04X", (int) c) + " at position " + i
                + " is outside the printable US-ASCII range");
      }
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
    }
    if (lower && upper) {
      throw new IllegalArgumentException("bech32: mixed upper and lower case");
    }
    String s = text.toLowerCase(Locale.ROOT);
    int separator = s.lastIndexOf('1');
    if (separator < 0) {
      throw new IllegalArgumentException("bech32: no separator '1'");
    }
    if (separator == 0) {
      throw new IllegalArgumentException("bech32: empty human-readable part");
    }
    if (s.length() - separator - 1 < CHECKSUM_LENGTH) {
      throw new IllegalArgumentException("bech32: checksum too short");
    }
    String hrp = s.substring(0, separator);
    byte[] values = new byte[s.length() - separator - 1];
    for (int i = 0; i < values.length; i++) {
      char c = s.charAt(separator + 1 + i);
      int v = CHARSET.indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException(
            "bech32: invalid data character '" + c + "' at position " + (separator + 1 + i));
      }
      values[i] = (byte) v;
    }
    if (polymod(hrpExpand(hrp), values) != 1) {
      throw new IllegalArgumentException("bech32: bad checksum");
    }
    byte[] data = java.util.Arrays.copyOf(values, values.length - CHECKSUM_LENGTH);
    return new Decoded(hrp, data);
  }

  /**
   * Regroups bits: 8-to-5 with {@code pad} when encoding, 5-to-8 without padding when decoding
   * (then leftover bits must be fewer than {@code from} and all zero).
   */
  public static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
    int acc = 0;
    int bits = 0;
    int maxValue = (1 << to) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * from / to + 1);
    for (byte b : in) {
      int value = b & 0xff;
      if ((value >>> from) != 0) {
        throw new IllegalArgumentException("value " + value + " does not fit in " + from + " bits");
      }
      acc = (acc << from) | value;
      bits += from;
      while (bits >= to) {
        bits -= to;
        out.write((acc >>> bits) & maxValue);
      }
    }
    if (pad) {
      if (bits > 0) {
        out.write((acc << (to - bits)) & maxValue);
      }
    } else if (bits >= from) {
      throw new IllegalArgumentException("bech32: too many padding bits");
    } else if (((acc << (to - bits)) & maxValue) != 0) {
      throw new IllegalArgumentException("bech32: non-zero padding bits");
    }
    return out.toByteArray();
  }

  private static void checkHrp(String lowerHrp, String original) {
    if (lowerHrp.isEmpty() || lowerHrp.length() > MAX_LENGTH - 7) {
      throw new IllegalArgumentException("bech32: bad human-readable part length");
    }
    if (!lowerHrp.equals(original) && !original.equals(original.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException("bech32: mixed-case human-readable part");
    }
    for (int i = 0; i < lowerHrp.length(); i++) {
      char c = lowerHrp.charAt(i);
      if (c < 33 || c > 126) {
        throw new IllegalArgumentException("bech32: invalid human-readable part character");
      }
    }
  }

  private static byte[] checksum(String hrp, byte[] data) {
    byte[] expanded = hrpExpand(hrp);
    byte[] values = new byte[data.length + CHECKSUM_LENGTH];
    System.arraycopy(data, 0, values, 0, data.length);
    int mod = polymod(expanded, values) ^ 1;
    byte[] out = new byte[CHECKSUM_LENGTH];
    for (int i = 0; i < CHECKSUM_LENGTH; i++) {
      out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
    }
    return out;
  }

  private static byte[] hrpExpand(String hrp) {
    int n = hrp.length();
    byte[] out = new byte[2 * n + 1];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) (hrp.charAt(i) >>> 5);
      out[n + 1 + i] = (byte) (hrp.charAt(i) & 31);
    }
    return out;
  }

  private static int polymod(byte[] hrpExpanded, byte[] values) {
    int chk = 1;
    chk = polymodStep(chk, hrpExpanded);
    return polymodStep(chk, values);
  }

  private static int polymodStep(int chk, byte[] values) {
    for (byte v : values) {
      int top = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ (v & 0xff);
      for (int i = 0; i < 5; i++) {
        if (((top >>> i) & 1) != 0) {
          chk ^= GENERATOR[i];
        }
      }
    }
    return chk;
  }
}
