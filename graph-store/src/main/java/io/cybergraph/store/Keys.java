package io.cybergraph.store;

import java.nio.ByteBuffer;

/** Fixed-width big-endian encodings used in keys and values. */
final class Keys {
  private Keys() {}

  static byte[] u64(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static byte[] u32(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }

  static long readU64(byte[] b, int offset) {
    return ByteBuffer.wrap(b, offset, 8).getLong();
  }

  static int readU32(byte[] b, int offset) {
    return ByteBuffer.wrap(b, offset, 4).getInt();
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    return java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
