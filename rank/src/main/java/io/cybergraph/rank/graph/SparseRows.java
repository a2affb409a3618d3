package io.cybergraph.rank.graph;

import io.cybergraph.rank.math.Fixed;

/**
 * A sparse matrix in compressed rows (CSR) with Q40 weights 0 ≤ w ≤ 2^40, and its one
 * operation: the row product {@code Σ_k mulShift(x[col_k], w_k, 40)}.
 *
 * <p>Two layouts. When the column index fits in 23 bits (up to 8,388,608 particles), column and
 * weight share one {@code long} (weight in the high 41 bits): half the memory traffic of the
 * products, which wait on memory. Beyond that, separate {@code int[]} columns and {@code
 * long[]} weights.
 */
public abstract sealed class SparseRows permits SparseRows.Packed, SparseRows.Wide {
  /** Column bits of the packed layout. */
  static final int COL_BITS = 23;

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

  public abstract long weight(int k);

  /** Σ over the row's entries of mulShift(x[column], weight, 40). */
  public abstract long rowProduct(int row, long[] x);

  /** The packed layout: one long per entry, weight in the high 41 bits. */
  static final class Packed extends SparseRows {
    private final long[] entries;

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
      entries[k] = (w << COL_BITS) | col;
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
    public long rowProduct(int row, long[] x) {
      final long[] ent = entries;
      long acc = 0;
      for (int k = start[row], end = start[row + 1]; k < end; k++) {
        long e = ent[k];
        acc += Fixed.mulQ40(x[(int) (e & COL_MASK)], e >>> COL_BITS);
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
      weights[k] = w;
    }

    @Override
    public int column(int k) {
      return cols[k];
    }

    @Override
    public long weight(int k) {
      return weights[k];
    }

    @Override
    public long rowProduct(int row, long[] x) {
      final int[] c = cols;
      final long[] w = weights;
      long acc = 0;
      for (int k = start[row], end = start[row + 1]; k < end; k++) {
        acc += Fixed.mulQ40(x[c[k]], w[k]);
      }
      return acc;
    }
  }
}
