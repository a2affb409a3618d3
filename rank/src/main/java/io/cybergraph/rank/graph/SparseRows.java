package io.cybergraph.rank.graph;

import io.cybergraph.rank.math.Fixed;
import io.cybergraph.rank.parallel.RowPartition;
import java.util.Arrays;

/**
 * A sparse matrix with Q40 weights 0 ≤ w ≤ 2^40, stored for its one operation: row products
 * {@code Σ_k mulShift(x[col_k], w_k, 40)}, which wait on memory. Three layout choices, each
 * measured on a power-law graph of 1M particles / 10M links:
 *
 * <p><b>Column blocks.</b> The columns are cut into blocks of 2^blockBits (32,768 by default:
 * 256 KB of the vector, which stays in a core's L2 cache while the block is read); a product
 * runs block by block and adds partial row sums. Rows are split into chunks (fixed when the
 * matrix is built); in each block, each chunk's entries are contiguous in row order, so a chunk
 * is the work of one thread.
 *
 * <p><b>Row steps instead of row pointers.</b> Within a block a row has only one or two entries
 * on average, so per-row loops would cost a mispredicted branch per entry or two. Instead every
 * entry carries the step from the previous entry's row (0 = same row) in the bits above its
 * block-relative column; a step too large for the field (and each chunk's first entry) is an
 * escape that reads the row from a side array.
 *
 * <p><b>One multiply per entry.</b> An entry is one {@code long}: column and row step in the
 * low 22 bits, {@code w·2^22} (at most 2^62) above. With every x below 2^61, {@code
 * mulShift(x, w, 40) = ⌊x·w / 2^40⌋ = ⌊(4x)·(w·2^22) / 2^64⌋}, the exact high word of one
 * product of two non-negative longs ({@code Math.multiplyHigh}); the product shifts x as it
 * reads it (a shift is cheaper than a pass writing a scaled copy of the vector).
 */
public final class SparseRows {
  /** Low bits of an entry holding column and row step; the stored weight is w·2^LOW_BITS. */
  static final int LOW_BITS = 22;

  static final long LOW_MASK = (1L << LOW_BITS) - 1;
  /** Columns per block: 2^15 by default. */
  public static final int DEFAULT_BLOCK_BITS = 15;
  /** The smallest row-step field; blocks may not be wider than 2^(22-2) columns. */
  static final int MAX_BLOCK_BITS = LOW_BITS - 2;

  private final int rows;
  private final int blockBits;
  private final int escape;
  private final RowPartition parts;
  /** Entries of rows below r, over all blocks (rows + 1 values). */
  private final int[] rowStart;
  /** Per block: entries in chunk, row and column order. */
  private final long[][] entries;
  /** Per block: the rows of escape entries, in entry order. */
  private final int[][] escapeRows;
  /** Per block: where each chunk's entries begin (chunks + 1 values). */
  private final int[][] chunkEntry;
  /** Per block: where each chunk's escape rows begin (chunks + 1 values). */
  private final int[][] chunkEscape;

  private SparseRows(Builder b, int[] rowStart) {
    this.rows = b.rows;
    this.blockBits = b.blockBits;
    this.escape = b.escape;
    this.parts = b.parts;
    this.rowStart = rowStart;
    this.entries = b.entries;
    this.escapeRows = b.escapeRows;
    this.chunkEntry = b.chunkEntry;
    this.chunkEscape = b.chunkEscape;
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
    return entries.length;
  }

  /** The row chunks the matrix was built with: the parallel unit of {@link #addProducts}. */
  public RowPartition parts() {
    return parts;
  }

  /**
   * Adds to {@code acc[r]}, for every row r of chunk {@code chunk}, the row's product with the
   * vector {@code x} (every x below 2^61). The caller zeroes {@code acc} over the chunk.
   */
  public void addProducts(int chunk, long[] x, long[] acc) {
    final int shift = blockBits;
    final long colMask = (1L << blockBits) - 1;
    final int esc = escape;
    for (int b = 0; b < entries.length; b++) {
      final long[] ent = entries[b];
      final int[] escRows = escapeRows[b];
      final int base = b << shift;
      int ep = chunkEscape[b][chunk];
      int row = 0;
      for (int k = chunkEntry[b][chunk], end = chunkEntry[b][chunk + 1]; k < end; k++) {
        long e = ent[k];
        int step = (int) (e >>> shift) & esc;
        row = step == esc ? escRows[ep++] : row + step;
        acc[row] += Math.multiplyHigh(x[base + (int) (e & colMask)] << 2, e & ~LOW_MASK);
      }
    }
  }

  /** One row's product with x (a slow path for tests). */
  public long rowProduct(int row, long[] x) {
    long sum = 0;
    for (long[] e : entries(row)) {
      sum += Math.multiplyHigh(x[(int) e[0]] << 2, e[1] << LOW_BITS);
    }
    return sum;
  }

  /** The row's entries as {column, weight} pairs in column order (a slow path for tests). */
  public long[][] entries(int row) {
    long[][] out = new long[rowStart[row + 1] - rowStart[row]][];
    int i = 0;
    for (int b = 0; b < entries.length; b++) {
      int ep = 0;
      int r = 0;
      for (long e : entries[b]) {
        int step = (int) (e >>> blockBits) & escape;
        r = step == escape ? escapeRows[b][ep++] : r + step;
        if (r == row) {
          long col = ((long) b << blockBits) + (e & ((1L << blockBits) - 1));
          out[i++] = new long[] {col, e >>> LOW_BITS};
        }
      }
    }
    return out;
  }

  /**
   * Builds the blocks in two passes over the same entries, in parallel over the row chunks:
   * every chunk's {@link Chunk#count} of each (row, column), then {@link #allocate()}, then
   * {@link Chunk#put} of the same entries with their weights in the same order. Each chunk
   * writes its own slots. Within a chunk, rows must come in ascending order and a row's
   * columns in ascending order.
   */
  static final class Builder {
    private final int rows;
    private final int blockBits;
    private final int escape;
    private final int blocks;
    private final RowPartition parts;
    private final int[] rowCount;
    private final Chunk[] chunks;

    private long[][] entries;
    private int[][] escapeRows;
    private int[][] chunkEntry;
    private int[][] chunkEscape;

    Builder(int rows, int columns, int blockBits, RowPartition parts) {
      if (blockBits < 1 || blockBits > MAX_BLOCK_BITS) {
        throw new IllegalArgumentException("block bits out of range: " + blockBits);
      }
      this.rows = rows;
      this.blockBits = blockBits;
      this.escape = (1 << (LOW_BITS - blockBits)) - 1;
      this.blocks = Math.max(1, (int) ((columns + (1L << blockBits) - 1) >> blockBits));
      this.parts = parts;
      this.rowCount = new int[rows];
      this.chunks = new Chunk[parts.chunks()];
      for (int c = 0; c < chunks.length; c++) {
        chunks[c] = new Chunk();
      }
    }

    RowPartition parts() {
      return parts;
    }

    /** The writer of one row chunk (one thread at a time). */
    Chunk chunk(int c) {
      return chunks[c];
    }

    /** One chunk's cursors, per block. */
    final class Chunk {
      /** Entries counted, then (after allocate) the next entry slot. */
      private final int[] entryCursor = new int[blocks];
      /** Escapes counted, then the next escape slot. */
      private final int[] escapeCursor = new int[blocks];
      /** The row of the last entry (-1: none yet). */
      private final int[] lastRow = new int[blocks];

      private Chunk() {
        Arrays.fill(lastRow, -1);
      }

      /** The row step field of a new entry, or escape if the row must be read aside. */
      private int step(int b, int row) {
        int last = lastRow[b];
        lastRow[b] = row;
        if (last < 0) {
          return escape; // a chunk starts from a known row
        }
        int step = row - last;
        return step < escape ? step : escape;
      }

      void count(int row, int col) {
        int b = col >>> blockBits;
        entryCursor[b]++;
        if (step(b, row) == escape) {
          escapeCursor[b]++;
        }
        rowCount[row]++;
      }

      void put(int row, int col, long w) {
        if (w < 0 || w > Fixed.ONE_Q) {
          throw new IllegalArgumentException("weight outside [0, 2^40]: " + w);
        }
        int b = col >>> blockBits;
        int step = step(b, row);
        if (step == escape) {
          escapeRows[b][escapeCursor[b]++] = row;
        }
        long low = ((long) step << blockBits) | (col & ((1L << blockBits) - 1));
        entries[b][entryCursor[b]++] = (w << LOW_BITS) | low;
      }
    }

    /** Turns the counts into each chunk's first slots (chunks in row order). */
    void allocate() {
      int n = chunks.length;
      entries = new long[blocks][];
      escapeRows = new int[blocks][];
      chunkEntry = new int[blocks][n + 1];
      chunkEscape = new int[blocks][n + 1];
      for (int b = 0; b < blocks; b++) {
        long e = 0;
        long s = 0;
        for (int c = 0; c < n; c++) {
          Chunk ch = chunks[c];
          chunkEntry[b][c] = (int) e;
          chunkEscape[b][c] = (int) s;
          e += ch.entryCursor[b];
          s += ch.escapeCursor[b];
          ch.entryCursor[b] = chunkEntry[b][c];
          ch.escapeCursor[b] = chunkEscape[b][c];
          ch.lastRow[b] = -1;
        }
        if (e > Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("too many entries in one column block");
        }
        chunkEntry[b][n] = (int) e;
        chunkEscape[b][n] = (int) s;
        entries[b] = new long[(int) e];
        escapeRows[b] = new int[(int) s];
      }
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
      return new SparseRows(this, rowStart);
    }
  }
}
