package io.cybergraph.proto.cid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Base58btc against known texts and, for random inputs of every length up to 80 bytes (with
 * leading zero bytes), against the textbook digit-by-digit conversion.
 */
class Base58Test {

  @Test
  void knownTexts() {
    HexFormat hex = HexFormat.of();
    assertEquals("", Base58.encode(new byte[0]));
    assertEquals("1", Base58.encode(new byte[1]));
    assertEquals("111", Base58.encode(new byte[3]));
    assertEquals("2g", Base58.encode("a".getBytes()));
    assertEquals("StV1DL6CwTryKyV", Base58.encode("hello world".getBytes()));
    assertEquals("1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L", Base58.encode(
        hex.parseHex("00eb15231dfceb60925886b67d065299925915aeb172c06647")));
    assertEquals("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR", Base58.encode(hex.parseHex(
        "1220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a")));
    assertArrayEquals("hello world".getBytes(), Base58.decode("StV1DL6CwTryKyV"));
    assertArrayEquals(new byte[2], Base58.decode("11"));
    assertArrayEquals(new byte[0], Base58.decode(""));
    assertThrows(IllegalArgumentException.class, () -> Base58.decode("0abc"));
    assertThrows(IllegalArgumentException.class, () -> Base58.decode("abcé"));
  }

  @Test
  void agreesWithTheDigitByDigitConversion() {
    Random random = new Random(58);
    for (int len = 0; len <= 80; len++) {
      for (int round = 0; round < 60; round++) {
        byte[] bytes = new byte[len];
        random.nextBytes(bytes);
        int zeros = len == 0 ? 0 : random.nextInt(Math.min(len, 4) + 1);
        Arrays.fill(bytes, 0, zeros, (byte) 0);
        if (round % 7 == 0 && len > zeros) {
          Arrays.fill(bytes, zeros, len, (byte) 0xff); // all carries
        }
        String text = reference(bytes);
        assertEquals(text, Base58.encode(bytes), "encode " + HexFormat.of().formatHex(bytes));
        assertArrayEquals(bytes, Base58.decode(text), "decode " + text);
      }
    }
  }

  /** The textbook conversion, one base-58 digit per pass over the bytes. */
  private static String reference(byte[] bytes) {
    int zeros = 0;
    while (zeros < bytes.length && bytes[zeros] == 0) {
      zeros++;
    }
    byte[] input = bytes.clone();
    StringBuilder out = new StringBuilder();
    int start = zeros;
    while (start < input.length) {
      int remainder = 0;
      for (int i = start; i < input.length; i++) {
        int value = (remainder << 8) | (input[i] & 0xff);
        input[i] = (byte) (value / 58);
        remainder = value % 58;
      }
      out.append(Base58.ALPHABET.charAt(remainder));
      while (start < input.length && input[start] == 0) {
        start++;
      }
    }
    out.append("1".repeat(zeros));
    return out.reverse().toString();
  }
}
