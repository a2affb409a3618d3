package io.cybergraph.rank.graph;

import io.cybergraph.rank.math.Fixed;
import io.cybergraph.rank.parallel.RowPartition;
import java.util.Arrays;

/**
 * A sparse matrix with Q40 weights 0 ≤ w ≤ 2^40, stored for its one operation: row products
 * {@code Σ_k mulShift(x[col_k], w_k, 40)}, which wait on memory.
 *
 * <p><b>Column blocks.</b> The columns are cut into blocks of 2^blockBits (65,536 by default:
 * 512 KB of the vector, which stays in a core's L2 cache while the block is read). Each block
 * holds its non-empty rows (ascending), where each row's entries start, and the entries; a
 * product runs block by block and adds each row's partial sums. Within a row the columns
 * ascend.
 *
 * <p><b>Entries.</b> One {@code long}: the column relative to its block in the low 22 bits,
 * {@code w·2^22} (at most 2^62) above. The product takes the vector pre-scaled, {@code x4 =
 * 4x} with every x below 2^61; then {@code mulShift(x, w, 40) = ⌊x·w / 2^40⌋ = ⌊(4x)·(w·2^22) /
 * 2^64⌋}, the exact high word of one product of two non-negative longs ({@code
 * Math.multiplyHigh}).
 */
public final class SparseRows {
  /** Bits of the block-relative column in an entry, and the scale of the stored weight. */
  static final int COL_BITS = 22;

  static final long COL_MASK = (1L << COL_BITS) - 1;
  /** Columns per block: 2^16 by default. */
  public static final int DEFAULT_BLOCK_BITS = 16;

  private final int rows;
  private final int blockBits;
  /** Entries of rows below r, over all blocks (rows + 1 values). */
  private final int[] rowStart;

  private final int[][] blockRows;
  private final int[][] blockRowStart;
  private final long[][] blockEntries;

  private SparseRows(
      int rows, int blockBits, int[] rowStart, int[][] blockRows, int[][] blockRowStart,
      long[][] blockEntries) {
    this.rows = rows;
    this.blockBits = blockBits;
    this.rowStart = rowStart;
    this.blockRows = blockRows;
    this.blockRowStart = blockRowStart;
    this.blockEntries = blockEntries;
  }

  public int rows() {
    return rows;
  }

  public long nonZeros() {
    return rowStart[rows];
  }

  /** Entries of all rows below r, for r = 0..rows (callers must not modify). */
  public int[] rowStarts() {
    return rowStart;
  }

  public int blocks() {
    return blockRows.length;
  }

  /**
   * Adds to {@code acc[r]}, for every row r in [from, to), the row's product with the vector
   * {@code x4} (4x, every x below 2^61). The caller zeroes {@code acc} over the range first.
   */
  public void addProducts(int from, int to, long[] x4, long[] acc) {
    for (int b = 0; b < blockRows.length; b++) {
      final int[] rowIds = blockRows[b];
      final int[] starts = blockRowStart[b];
      final long[] ent = blockEntries[b];
      final int base = b << blockBits;
      int q = lowerBound(rowIds, from);
      int qEnd = lowerBound(rowIds, to);
      for (; q < qEnd; q++) {
        long sum = 0;
        for (int k = starts[q], end = starts[q + 1]; k < end; k++) {
          long e = ent[k];
          sum += Math.multiplyHigh(x4[base + (int) (e & COL_MASK)], e & ~COL_MASK);
        }
        acc[rowIds[q]] += sum;
      }
    }
  }

  /** One row's product (a slow path for tests and queries). */
  public long rowProduct(int row, long[] x4) {
    long[] acc = new long[rows];
    addProducts(row, row + 1, x4, acc);
    return acc[row];
  }

  /** The row's entries as {column, weight} pairs in column order (for tests). */
  public long[][] entries(int row) {
    long[][] out = new long[rowStart[row + 1] - rowStart[row]][];
    int i = 0;
    for (int b = 0; b < blockRows.length; b++) {
      int q = lowerBound(blockRows[b], row);
      if (q < blockRows[b].length && blockRows[b][q] == row) {
        for (int k = blockRowStart[b][q]; k < blockRowStart[b][q + 1]; k++) {
          long e = blockEntries[b][k];
          out[i++] = new long[] {(b << blockBits) + (e & COL_MASK), e >>> COL_BITS};
        }
      }
    }
    return out;
  }

  private static int lowerBound(int[] a, int key) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Builds the blocks in two passes over the same entries, in parallel over row chunks: first
   * {@link #count} every (row, column), then {@link #allocate()}, then {@link #put} the same
   * entries with their weights in the same order. Each chunk's rows are its own, so the chunks
   * write disjoint slots. Within a chunk, rows must come in ascending order and a row's columns
   * in ascending order.
   */
  static final class Builder {
    private final int rows;
    private final int blockBits;
    private final int blocks;
    private final RowPartition parts;
    private final int[] rowCount;
    /** Per chunk and block: entries, then (after allocate) the next entry slot. */
    private final int[][] entryCursor;
    /** Per chunk and block: non-empty rows, then the next row slot. */
    private final int[][] rowCursor;
    /** Per chunk and block: the last row seen, to spot where a new row segment begins. */
    private final int[][] lastRow;

    private int[][] blockRows;
    private int[][] blockRowStart;
    private long[][] blockEntries;

    Builder(int rows, int columns, int blockBits, RowPartition parts) {
      this.rows = rows;
      this.blockBits = blockBits;
      this.blocks = Math.max(1, (int) ((columns + (1L << blockBits) - 1) >> blockBits));
      this.parts = parts;
      this.rowCount = new int[rows];
      int chunks = parts.chunks();
      entryCursor = new int[chunks][blocks];
      rowCursor = new int[chunks][blocks];
      lastRow = new int[chunks][blocks];
      for (int[] l : lastRow) {
        Arrays.fill(l, -1);
      }
    }

    RowPartition parts() {
      return parts;
    }

    void count(int chunk, int row, int col) {
      int b = col >>> blockBits;
      entryCursor[chunk][b]++;
      if (lastRow[chunk][b] != row) {
        lastRow[chunk][b] = row;
        rowCursor[chunk][b]++;
      }
      rowCount[row]++;
    }

    /** Turns the counts into each chunk's first slots (chunks in row order). */
    void allocate() {
      blockRows = new int[blocks][];
      blockRowStart = new int[blocks][];
      blockEntries = new long[blocks][];
      for (int b = 0; b < blocks; b++) {
        long entries = 0;
        long rowsInBlock = 0;
        for (int c = 0; c < parts.chunks(); c++) {
          int e = entryCursor[c][b];
          int r = rowCursor[c][b];
          entryCursor[c][b] = (int) entries;
          rowCursor[c][b] = (int) rowsInBlock;
          entries += e;
          rowsInBlock += r;
        }
        if (entries > Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("too many entries in one column block");
        }
        blockRows[b] = new int[(int) rowsInBlock];
        blockRowStart[b] = new int[(int) rowsInBlock + 1];
        blockRowStart[b][(int) rowsInBlock] = (int) entries;
        blockEntries[b] = new long[(int) entries];
      }
      for (int[] l : lastRow) {
        Arrays.fill(l, -1);
      }
    }

    void put(int chunk, int row, int col, long w) {
      if (w < 0 || w > Fixed.ONE_Q) {
        throw new IllegalArgumentException("weight outside [0, 2^40]: " + w);
      }
      int b = col >>> blockBits;
      int k = entryCursor[chunk][b]++;
      if (lastRow[chunk][b] != row) {
        lastRow[chunk][b] = row;
        int q = rowCursor[chunk][b]++;
        blockRows[b][q] = row;
        blockRowStart[b][q] = k;
      }
      blockEntries[b][k] = (w << COL_BITS) | (col & ((1L << blockBits) - 1));
    }

    SparseRows build() {
      int[] rowStart = new int[rows + 1];
      long total = 0;
      for (int r = 0; r < rows; r++) {
        total += rowCount[r];
        if (total > Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("too many entries");
        }
        rowStart[r + 1] = (int) total;
      }
      return new SparseRows(rows, blockBits, rowStart, blockRows, blockRowStart, blockEntries);
    }
  }
}
