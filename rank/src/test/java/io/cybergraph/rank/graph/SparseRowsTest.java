package io.cybergraph.rank.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cybergraph.rank.parallel.RowPartition;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparseRowsTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 6, 15, 16, 20})
  void productsAreSumsOfExactMulShiftsForAnyBlockSize(int blockBits) {
    SplittableRandom rnd = new SplittableRandom(blockBits);
    int rows = 3000;
    int cols = 300;
    // each row: sorted distinct columns with weights in [0, 2^40], some exactly 2^40
    List<TreeMap<Integer, Long>> m = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      m.add(new TreeMap<>());
      // most rows empty, so row steps overflow their field (escapes) as well as fit it
      int len = i % 97 == 0 || i < 50 ? rnd.nextInt(12) : 0;
      for (int q = 0; q < len; q++) {
        m.get(i).put(rnd.nextInt(cols), q % 3 == 0 ? 1L << 40 : rnd.nextLong((1L << 40) + 1));
      }
    }
    int[] cost = new int[rows + 1];
    for (int i = 0; i < rows; i++) {
      cost[i + 1] = cost[i] + m.get(i).size();
    }
    SparseRows.Builder b =
        new SparseRows.Builder(rows, cols, blockBits, RowPartition.byNonZeros(cost, rows, 3));
    for (int pass = 0; pass < 2; pass++) {
      for (int c = 0; c < 3; c++) {
        for (int i = b.parts().from(c); i < b.parts().to(c); i++) {
          for (var e : m.get(i).entrySet()) {
            if (pass == 0) {
              b.chunk(c).count(i, e.getKey());
            } else {
              b.chunk(c).put(i, e.getKey(), e.getValue());
            }
          }
        }
      }
      if (pass == 0) {
        b.allocate();
      }
    }
    SparseRows rowsM = b.build();
    assertEquals(cost[rows], rowsM.nonZeros());
    assertArrayEquals(cost, rowsM.rowStarts());

    long[] x = new long[cols];
    for (int j = 0; j < cols; j++) {
      x[j] = j % 7 == 0 ? (1L << 61) - 1 - j : rnd.nextLong(1L << 61);
    }
    long[] all = new long[rows];
    for (int c = 0; c < rowsM.parts().chunks(); c++) {
      rowsM.addProducts(c, x, all);
    }
    for (int i = 0; i < rows; i++) {
      BigInteger expected = BigInteger.ZERO;
      int q = 0;
      long[][] entries = rowsM.entries(i);
      for (var e : m.get(i).entrySet()) {
        expected = expected.add(
            BigInteger.valueOf(x[e.getKey()]).multiply(BigInteger.valueOf(e.getValue())).shiftRight(40));
        assertArrayEquals(new long[] {e.getKey(), e.getValue()}, entries[q++]);
      }
      if (expected.bitLength() < 63) {
        assertEquals(expected.longValueExact(), rowsM.rowProduct(i, x), "row " + i);
        assertEquals(expected.longValueExact(), all[i], "row " + i);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> b.chunk(0).put(0, 0, (1L << 40) + 1));
  }
}
