package io.cybergraph.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Fixed-width big-endian encodings used in keys and values. Written into byte arrays through
 * VarHandles rather than a {@code ByteBuffer} per key: a block writes several keys per link,
 * and the buffers (which escape analysis did not remove in the writer's large methods) were a
 * few percent of applying a block.
 */
final class Keys {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private Keys() {}

  static byte[] u64(long v) {
    byte[] b = new byte[8];
    putU64(b, 0, v);
    return b;
  }

  static byte[] u32(int v) {
    byte[] b = new byte[4];
    putU32(b, 0, v);
    return b;
  }

  static void putU64(byte[] b, int offset, long v) {
    LONG.set(b, offset, v);
  }

  static void putU32(byte[] b, int offset, int v) {
    INT.set(b, offset, v);
  }

  static long readU64(byte[] b, int offset) {
    return (long) LONG.get(b, offset);
  }

  static int readU32(byte[] b, int offset) {
    return (int) INT.get(b, offset);
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
