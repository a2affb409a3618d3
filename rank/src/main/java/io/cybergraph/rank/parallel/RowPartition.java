package io.cybergraph.rank.parallel;

/**
 * Splits rows into contiguous chunks of about equal work, counting each row as its non-zeros
 * plus one, so a chunk holding a hub row gets fewer rows.
 */
public final class RowPartition {
  private final int[] bounds;

  private RowPartition(int[] bounds) {
    this.bounds = bounds;
  }

  /** Chunks of rows by non-zeros: {@code rowStart} has rows + 1 entries. */
  public static RowPartition byNonZeros(int[] rowStart, int rows, int chunks) {
    long total = (long) rowStart[rows] + rows;
    int[] bounds = new int[chunks + 1];
    int row = 0;
    for (int c = 1; c < chunks; c++) {
      long target = total * c / chunks;
      // first row r with rowStart[r] + r ≥ target
      int lo = row;
      int hi = rows;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if ((long) rowStart[mid] + mid < target) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      row = lo;
      bounds[c] = row;
    }
    bounds[chunks] = rows;
    return new RowPartition(bounds);
  }

  /** Chunks of equal row counts. */
  public static RowPartition even(int rows, int chunks) {
    int[] bounds = new int[chunks + 1];
    for (int c = 0; c <= chunks; c++) {
      bounds[c] = (int) ((long) rows * c / chunks);
    }
    return new RowPartition(bounds);
  }

  public int chunks() {
    return bounds.length - 1;
  }

  public int from(int chunk) {
    return bounds[chunk];
  }

  public int to(int chunk) {
    return bounds[chunk + 1];
  }
}
