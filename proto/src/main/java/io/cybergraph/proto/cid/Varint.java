package io.cybergraph.proto.cid;

import java.io.ByteArrayOutputStream;

/**
 * Unsigned LEB128 varints as specified by multiformats (unsigned-varint): at most 9 bytes (63
 * bits) and minimally encoded (no trailing zero byte after a continuation).
 */
public final class Varint {

  /** multiformats' limit on a varint's length. */
  public static final int MAX_BYTES = 9;

  private Varint() {}

  /** Appends the varint of {@code value} (0 ≤ value &lt; 2^63). */
  public static void write(ByteArrayOutputStream out, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varint value must not be negative: " + value);
    }
    while (value >= 0x80) {
      out.write((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** The varint bytes of {@code value}. */
  public static byte[] encode(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_BYTES);
    write(out, value);
    return out.toByteArray();
  }

  /** A cursor over bytes that reads varints and fixed-length byte runs. */
  public static final class Reader {
    private final byte[] bytes;
    private int position;

    public Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    public int position() {
      return position;
    }

    public int remaining() {
      return bytes.length - position;
    }

    /** Reads one varint; {@link IllegalArgumentException} saying what is wrong with it. */
    public long read(String what) {
      long value = 0;
      for (int i = 0; i < MAX_BYTES; i++) {
        if (position >= bytes.length) {
          throw new IllegalArgumentException(
              what + ": truncated varint at byte " + position);
        }
        int b = bytes[position++] & 0xff;
        value |= (long) (b & 0x7f) << (7 * i);
        if ((b & 0x80) == 0) {
          if (b == 0 && i > 0) {
            throw new IllegalArgumentException(what + ": varint is not minimally encoded");
          }
          return value;
        }
      }
      throw new IllegalArgumentException(what + ": varint longer than " + MAX_BYTES + " bytes");
    }

    /** Reads {@code n} bytes. */
    public byte[] readBytes(int n, String what) {
      if (n > remaining()) {
        throw new IllegalArgumentException(
            what + ": needs " + n + " bytes, only " + remaining() + " left");
      }
      byte[] out = new byte[n];
      System.arraycopy(bytes, position, out, 0, n);
      position += n;
      return out;
    }
  }
}
