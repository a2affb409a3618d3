package io.cybergraph.rank.tree;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The UTF-8 bytes of every particle's text, in index order, in one growing array: a leaf of the
 * rank tree hashes its particle's text every block, and encoding a million strings each block
 * costs as much as a third of the hashing. Particles only ever get appended, so the bytes are
 * encoded once.
 *
 * <p>One writer appends; readers may read texts below a size they saw after the append (the
 * arrays are replaced, never changed below the size, when they grow).
 */
public final class ParticleTexts {
  private byte[] bytes = new byte[1024];
  /** Where text j starts; text j ends where j + 1 starts (size + 1 values). */
  private int[] start = new int[17];
  private int size;
  private int longest;

  /** Appends the next particle's text. */
  public void append(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    int end = start[size];
    if (end + b.length > bytes.length) {
      // grown by a quarter, not doubled: at a million particles the bytes are ~60 MB of a
      // validator's heap, and a copy every few blocks costs less than idle slack
      long capacity = Math.max((long) bytes.length + bytes.length / 4, (long) end + b.length);
      if (capacity > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("particle texts exceed 2 GB");
      }
      bytes = Arrays.copyOf(bytes, (int) capacity);
    }
    System.arraycopy(b, 0, bytes, end, b.length);
    if (size + 2 > start.length) {
      start = Arrays.copyOf(start, start.length + start.length / 4 + 16);
    }
    start[size + 1] = end + b.length;
    size++;
    longest = Math.max(longest, b.length);
  }

  /** Texts held. */
  public int size() {
    return size;
  }

  /** The length in bytes of the longest text. */
  int longest() {
    return longest;
  }

  /** The bytes of all texts (text j is {@code [offset(j), offset(j + 1))}). */
  byte[] bytes() {
    return bytes;
  }

  int offset(int j) {
    return start[j];
  }

  /** Where each text starts ({@link #size()} + 1 values are valid). */
  int[] starts() {
    return start;
  }
}
