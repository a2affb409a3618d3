package io.cybergraph.rank.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparseRowsTest {

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void rowProductIsTheSumOfExactMulShifts(boolean packed) {
    SplittableRandom rnd = new SplittableRandom(packed ? 1 : 2);
    int rows = 200;
    int cols = 300;
    int[] start = new int[rows + 1];
    for (int i = 0; i < rows; i++) {
      start[i + 1] = start[i] + rnd.nextInt(8);
    }
    SparseRows m = SparseRows.allocate(rows, start, cols, packed);
    assertEquals(packed, m.packed());
    long[] x = new long[cols];
    long[] x4 = new long[cols];
    for (int j = 0; j < cols; j++) {
      x[j] = j % 7 == 0 ? (1L << 61) - 1 - j : rnd.nextLong(1L << 61);
      x4[j] = x[j] << 2;
    }
    long[][] w = new long[rows][];
    int[][] c = new int[rows][];
    for (int i = 0; i < rows; i++) {
      int len = start[i + 1] - start[i];
      w[i] = new long[len];
      c[i] = new int[len];
      for (int q = 0; q < len; q++) {
        c[i][q] = rnd.nextInt(cols);
        w[i][q] = q % 3 == 0 ? 1L << 40 : rnd.nextLong((1L << 40) + 1);
        m.set(start[i] + q, c[i][q], w[i][q]);
      }
    }
    for (int i = 0; i < rows; i++) {
      BigInteger expected = BigInteger.ZERO;
      for (int q = 0; q < w[i].length; q++) {
        expected = expected.add(
            BigInteger.valueOf(x[c[i][q]]).multiply(BigInteger.valueOf(w[i][q])).shiftRight(40));
        assertEquals(c[i][q], m.column(start[i] + q));
        assertEquals(w[i][q], m.weight(start[i] + q));
      }
      if (expected.bitLength() < 63) {
        assertEquals(expected.longValueExact(), m.rowProduct(i, x4), "row " + i);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> m.set(0, 0, (1L << 40) + 1));
  }
}
