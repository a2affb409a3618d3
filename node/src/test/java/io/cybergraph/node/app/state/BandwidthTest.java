package io.cybergraph.node.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cybergraph.node.app.ByteKey;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BandwidthTest {
  private static final ByteKey ADDRESS = ByteKey.of(new byte[20]);

  private static Account account(long balance, long available, long height) {
    return new Account(ADDRESS, balance, 0, available, height);
  }

  @Test
  void capacityIsTheFlooredShareOfTheBudget() {
    Bandwidth b = new Bandwidth(2_000_000, 100, 3_000_000);
    assertEquals(0, b.capacity(0));
    assertEquals(0, b.capacity(1)); // 2e6 / 3e6 floors to 0
    assertEquals(1, b.capacity(2)); // 4e6 / 3e6
    assertEquals(666_666, b.capacity(1_000_000));
    assertEquals(2_000_000, b.capacity(3_000_000));
    assertThrows(IllegalArgumentException.class, () -> b.capacity(3_000_001));
    assertThrows(IllegalArgumentException.class, () -> b.capacity(-1));
  }

  @Test
  void capacityTakes128BitProducts() {
    long supply = (1L << 62) - 1;
    long budget = (1L << 40) - 1;
    Bandwidth b = new Bandwidth(budget, 100, supply);
    assertEquals(budget, b.capacity(supply));
    long half = supply / 2;
    long expected =
        BigInteger.valueOf(budget)
            .multiply(BigInteger.valueOf(half))
            .divide(BigInteger.valueOf(supply))
            .longValueExact();
    assertEquals(expected, b.capacity(half));
  }

  @Test
  void mulDivMatchesBigIntegerOnRandomOperands() {
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      long a = random.nextLong() >>> (1 + random.nextInt(40));
      long c = (random.nextLong() >>> 1) | 1;
      long b = Math.min(c, random.nextLong() >>> (1 + random.nextInt(60)));
      long expected =
          BigInteger.valueOf(a)
              .multiply(BigInteger.valueOf(b))
              .divide(BigInteger.valueOf(c))
              .longValueExact();
      assertEquals(expected, Bandwidth.mulDiv(a, b, c), a + "*" + b + "/" + c);
    }
  }

  @Test
  void zeroStakeAndZeroSupplyHaveNoBandwidth() {
    Bandwidth b = new Bandwidth(1000, 10, 500);
    assertEquals(0, b.available(account(0, 0, 0), 1_000_000));
    Bandwidth empty = new Bandwidth(1000, 10, 0);
    assertEquals(0, empty.capacity(0));
    assertEquals(0, empty.available(account(0, 0, 0), 5));
  }

  @Test
  void refillIsLinearAndFlooredWithinTheWindow() {
    // cap = 1000 * 300 / 1000 = 300; W = 7: refill floor(300 * d / 7)
    Bandwidth b = new Bandwidth(1000, 7, 1000);
    Account empty = account(300, 0, 10);
    assertEquals(0, b.available(empty, 10));
    assertEquals(42, b.available(empty, 11)); // 300/7 = 42.86
    assertEquals(85, b.available(empty, 12)); // 600/7 = 85.71
    assertEquals(257, b.available(empty, 16)); // 1800/7 = 257.14
    assertEquals(300, b.available(empty, 17)); // a whole window: full
    assertEquals(300, b.available(empty, 1_000_000));
    assertEquals(300, b.available(empty, Long.MAX_VALUE)); // no overflow however far
  }

  @Test
  void refillStopsAtCapacity() {
    Bandwidth b = new Bandwidth(1000, 10, 1000); // cap(500) = 500, refill 50 per block
    Account partly = account(500, 480, 3);
    assertEquals(480, b.available(partly, 3));
    assertEquals(500, b.available(partly, 4)); // 480 + 50 capped
  }

  @Test
  void aLowerBalanceClampsAtOnceAndAHigherOneRefillsFaster() {
    Bandwidth b = new Bandwidth(1000, 10, 1000);
    // stored 400 available under a balance that is now 100 (cap 100)
    assertEquals(100, b.available(account(100, 400, 5), 5));
    // balance raised to 900 (cap 900): refill 90 per block from what was stored
    assertEquals(190, b.available(account(900, 100, 5), 6));
  }

  @Test
  void settleCountsFromTheSettlementHeight() {
    Bandwidth b = new Bandwidth(1000, 10, 1000);
    Account a = account(200, 0, 0); // cap 200, refill 20 per block
    Account settled = b.settle(a, 3);
    assertEquals(60, settled.bandwidthAvailable());
    assertEquals(3, settled.bandwidthHeight());
    assertEquals(80, b.available(settled, 4));
  }

  @Test
  void windowOfOneRefillsFullyEveryBlock() {
    Bandwidth b = new Bandwidth(10, 1, 10);
    assertEquals(3, b.available(account(3, 0, 8), 9));
  }
}
