package io.cybergraph.consensus.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValidatorSetTest {
  static ValidatorSet powers(long... ps) {
    List<Validator> list = new ArrayList<>();
    for (int i = 0; i < ps.length; i++) {
      list.add(new Validator("v" + i, ps[i]));
    }
    return new ValidatorSet(list);
  }

  @Test
  void equalPowersRotateByHeightPlusRound() {
    for (int n = 1; n <= 7; n++) {
      for (long p : new long[] {1, 10, 1_000_000_007L}) {
        long[] ps = new long[n];
        java.util.Arrays.fill(ps, p);
        ValidatorSet set = powers(ps);
        for (long h = 1; h < 20; h++) {
          for (int r = 0; r < 20; r++) {
            assertEquals(
                (int) ((h + r) % n), set.proposer(h, r), n + " x " + p + " h" + h + " r" + r);
          }
        }
      }
    }
  }

  @Test
  void unequalPowersFollowTheDocumentedCycle() {
    // keys: v0..v2 at 3; big at 1, 3, 5 (docs/consensus.md): big v0 v1 v2 big big
    ValidatorSet set = powers(1, 1, 1, 3);
    int[] expected = {3, 0, 1, 2, 3, 3};
    for (int slot = 0; slot < 6; slot++) {
      assertEquals(expected[slot], set.proposer(0, slot), "slot " + slot);
      assertEquals(expected[slot], set.proposer(6, slot), "the cycle repeats");
    }
    // powers 2 and 1: keys v0 at 0 and 2, v1 at 1: v0 v1 v0
    ValidatorSet two = powers(2, 1);
    assertEquals(
        List.of(0, 1, 0), List.of(two.proposer(0, 0), two.proposer(0, 1), two.proposer(0, 2)));
  }

  @Test
  void everyCycleGivesEachValidatorItsPowerInTurns() {
    Random random = new Random(7);
    for (int t = 0; t < 200; t++) {
      int n = 1 + random.nextInt(6);
      long[] ps = new long[n];
      long total = 0;
      for (int i = 0; i < n; i++) {
        ps[i] = 1 + random.nextInt(9);
        total += ps[i];
      }
      ValidatorSet set = powers(ps);
      long[] turns = new long[n];
      long h = random.nextInt(1000);
      for (int r = 0; r < total; r++) {
        turns[set.proposer(h, r)]++;
      }
      assertEquals(java.util.Arrays.toString(ps), java.util.Arrays.toString(turns));
    }
  }

  @Test
  void hugePowersStayExactAndFast() {
    ValidatorSet set = powers(1L << 58, (1L << 58) + 1, 3, (1L << 59) - 5);
    int[] turns = new int[4];
    for (int r = 0; r < 1000; r++) {
      turns[set.proposer(Long.MAX_VALUE - 5, r)]++;
    }
    assertTrue(
        turns[0] > 200 && turns[1] > 200 && turns[3] > 400, java.util.Arrays.toString(turns));
  }

  @Test
  void thresholdsAreStrictTwoThirdsAndOneThird() {
    ValidatorSet set = powers(1, 1, 1); // total 3
    assertFalse(set.isQuorum(2));
    assertTrue(set.isQuorum(3));
    assertFalse(set.isOneThird(1));
    assertTrue(set.isOneThird(2));
    ValidatorSet big = powers(100, 50); // total 150
    assertFalse(big.isQuorum(100)); // exactly 2/3 is not more than 2/3
    assertTrue(big.isQuorum(101));
    assertFalse(big.isOneThird(50));
    assertTrue(big.isOneThird(51));
  }

  @Test
  void badSetsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ValidatorSet(List.of()));
    assertThrows(IllegalArgumentException.class, () -> powers(1, 0));
    assertThrows(IllegalArgumentException.class, () -> powers(1L << 60, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ValidatorSet(List.of(new Validator("a", 1), new Validator("a", 2))));
  }

  @Test
  void timeoutsGrowLinearlyAndSaturate() {
    TimeoutConfig t = new TimeoutConfig(3000, 500, 1000, 200, 1000, 100);
    assertEquals(3000, t.millis(Step.PROPOSE, 0));
    assertEquals(4000, t.millis(Step.PROPOSE, 2));
    assertEquals(1600, t.millis(Step.PREVOTE, 3));
    assertEquals(1300, t.millis(Step.PRECOMMIT, 3));
    assertEquals(
        Long.MAX_VALUE,
        new TimeoutConfig(1, Long.MAX_VALUE / 2, 0, 0, 0, 0)
            .millis(Step.PROPOSE, Integer.MAX_VALUE));
  }
}
