package io.cybergraph.rank.graph;

import io.cybergraph.rank.math.Fixed;

/**
 * A sparse matrix in compressed rows (CSR) with Q40 weights 0 ≤ w ≤ 2^40, and its one
 * operation: the row product {@code Σ_k mulShift(x[col_k], w_k, 40)}.
 *
 * <p>The product takes the vector pre-scaled, {@code x4 = x·4} with every x below 2^61, and
 * keeps each weight as {@code w·2^22} (at most 2^62): then {@code mulShift(x, w, 40) =
 * ⌊x·w / 2^40⌋ = ⌊(4x)·(w·2^22) / 2^64⌋}, the exact high word of one 64×64 product of two
 * non-negative longs, {@code Math.multiplyHigh}. One multiply per entry instead of a 128-bit
 * product and a shift.
 *
 * <p>Two layouts. When the column fits in 22 bits (up to 4,194,304 particles), column and
 * scaled weight share one {@code long} (weight in bits 22..62): the products wait on memory,
 * and this is the smallest entry. Beyond that, separate {@code int[]} columns and {@code
 * long[]} scaled weights.
 */
public abstract sealed class SparseRows permits SparseRows.Packed, SparseRows.Wide {
  /** Column bits of the packed layout, and the scale of the stored weights. */
  static final int COL_BITS = 22;

  static final long COL_MASK = (1L << COL_BITS) - 1;

  final int rows;
  final int[] start;

  private SparseRows(int rows, int[] start) {
    this.rows = rows;
    this.start = start;
  }

  /**
   * Allocates rows with the given row starts ({@code start[rows]} entries in all) over
   * {@code columns} columns, in the packed layout when the columns fit.
   */
  static SparseRows allocate(int rows, int[] start, int columns) {
    return allocate(rows, start, columns, columns <= (1 << COL_BITS));
  }

  static SparseRows allocate(int rows, int[] start, int columns, boolean packed) {
    return packed ? new Packed(rows, start) : new Wide(rows, start);
  }

  public int rows() {
    return rows;
  }

  public long nonZeros() {
    return start[rows];
  }

  /** Row starts (length rows + 1); callers must not modify. */
  public int[] rowStarts() {
    return start;
  }

  public abstract boolean packed();

  /** Entry k (in row order) is column {@code col} with weight {@code w}. */
  abstract void set(int k, int col, long w);

  public abstract int column(int k);

  /** A weight must lie in [0, 2^40] for the product to be exact. */
  static long checked(long w) {
    if (w < 0 || w > Fixed.ONE_Q) {
      throw new IllegalArgumentException("weight outside [0, 2^40]: " + w);
    }
    return w;
  }

  public abstract long weight(int k);

  /**
   * Σ over the row's entries of mulShift(x[column], weight, 40), given {@code x4[j] = 4·x[j]}
   * with every x[j] below 2^61 (the caller checks the vector's total).
   */
  public abstract long rowProduct(int row, long[] x4);

  /** The packed layout: one long per entry, w·2^22 in bits 22..62, the column below. */
  static final class Packed extends SparseRows {
    final long[] entries;

    Packed(int rows, int[] start) {
      super(rows, start);
      entries = new long[start[rows]];
    }

    @Override
    public boolean packed() {
      return true;
    }

    @Override
    void set(int k, int col, long w) {
      entries[k] = (checked(w) << COL_BITS) | col;
    }

    @Override
    public int column(int k) {
      return (int) (entries[k] & COL_MASK);
    }

    @Override
    public long weight(int k) {
      return entries[k] >>> COL_BITS;
    }

    @Override
    public long rowProduct(int row, long[] x4) {
      final long[] ent = entries;
      long acc = 0;
      for (int k = start[row], end = start[row + 1]; k < end; k++) {
        long e = ent[k];
        acc += Math.multiplyHigh(x4[(int) (e & COL_MASK)], e & ~COL_MASK);
      }
      return acc;
    }
  }

  /** The wide layout: int columns and long weights in two arrays. */
  static final class Wide extends SparseRows {
    private final int[] cols;
    private final long[] weights;

    Wide(int rows, int[] start) {
      super(rows, start);
      cols = new int[start[rows]];
      weights = new long[start[rows]];
    }

    @Override
    public boolean packed() {
      return false;
    }

    @Override
    void set(int k, int col, long w) {
      cols[k] = col;
      weights[k] = checked(w) << COL_BITS;
    }

    @Override
    public int column(int k) {
      return cols[k];
    }

    @Override
    public long weight(int k) {
      return weights[k] >>> COL_BITS;
    }

    @Override
    public long rowProduct(int row, long[] x4) {
      final int[] c = cols;
      final long[] w = weights;
      long acc = 0;
      for (int k = start[row], end = start[row + 1]; k < end; k++) {
        acc += Math.multiplyHigh(x4[c[k]], w[k]);
      }
      return acc;
    }
  }
}
