package io.cybergraph.node.sync;

import java.util.Arrays;

/**
 * A focus vector as a node serves it, read one chunk at a time: an answer carries one chunk,
 * so serving it must cost that chunk, not the whole vector (a peer asking for chunks of two
 * heights in turn made the node copy both vectors and every particle text at each request).
 */
public interface ServedFocus {

  long height();

  /** Particles in the vector. */
  int particles();

  /** Focus values of the particles with {@code from <= index < to}. */
  long[] values(int from, int to);

  /** Texts of the particles with {@code from <= index < to}. */
  String[] cids(int from, int to);

  /** Reads the entries with {@code from <= index < to} of one part of a focus. */
  @FunctionalInterface
  interface Range<T> {
    T read(int from, int to);
  }

  /** A focus of {@code particles} values whose chunks {@code values} and {@code cids} read. */
  static ServedFocus of(long height, int particles, Range<long[]> values, Range<String[]> cids) {
    return new ServedFocus() {
      @Override
      public long height() {
        return height;
      }

      @Override
      public int particles() {
        return particles;
      }

      @Override
      public long[] values(int from, int to) {
        return values.read(from, to);
      }

      @Override
      public String[] cids(int from, int to) {
        return cids.read(from, to);
      }
    };
  }

  /**
   * A focus held in arrays (not copied; readers do not modify them).
   *
   * @param values focus by particle index
   * @param cids particle texts by index, as many as values
   */
  static ServedFocus of(long height, long[] values, String[] cids) {
    if (values.length != cids.length) {
      throw new IllegalArgumentException(values.length + " values for " + cids.length
          + " particles");
    }
    return of(height, values.length, (from, to) -> Arrays.copyOfRange(values, from, to),
        (from, to) -> Arrays.copyOfRange(cids, from, to));
  }
}
