package io.cybergraph.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A node restarts from a stored focus: resuming must continue exactly as the engine that ran. */
class ResumeTest {

  /** Block b (1..3) of a small chain: a few links and a stake change. */
  private static void feed(RankEngine engine, int block) {
    switch (block) {
      case 1 -> {
        engine.setStake("alice", 700);
        engine.setStake("bob", 300);
        engine.addLink("alice", "QmA", "QmB");
        engine.addLink("alice", "QmB", "QmC");
        engine.addLink("bob", "QmC", "QmA");
      }
      case 2 -> {
        engine.addLink("bob", "QmA", "QmD");
        engine.setStake("alice", 500);
        engine.setStake("carol", 200);
      }
      case 3 -> {
        engine.addLink("carol", "QmD", "QmB");
        engine.addLink("alice", "QmD", "QmE");
      }
      default -> throw new IllegalArgumentException();
    }
  }

  @Test
  void resumingFromAStoredFocusContinuesBitForBit() {
    try (RankEngine ran = new RankEngine(RankParams.defaults(), 2);
        RankEngine resumed = new RankEngine(RankParams.defaults(), 1)) {
      feed(ran, 1);
      ran.step();
      feed(ran, 2);
      ran.step();
      long[] stored = ran.focus();
      byte[] rootAt2 = ran.root();
      long karmaAt2 = ran.karma("alice");

      // a restarted node: the graph and stakes of block 2 replayed, no step, the stored focus
      feed(resumed, 1);
      feed(resumed, 2);
      resumed.resume(stored);
      assertArrayEquals(rootAt2, resumed.root());
      assertArrayEquals(rootAt2, resumed.tree().root());
      assertEquals(karmaAt2, resumed.karma("alice"));
      assertEquals(ran.karma(), resumed.karma());

      feed(ran, 3);
      BlockResult a = ran.step();
      feed(resumed, 3);
      BlockResult b = resumed.step();
      assertArrayEquals(a.root(), b.root());
      assertEquals(a.iterations(), b.iterations());
      assertArrayEquals(ran.focus(), resumed.focus());
    }
  }

  @Test
  void aFocusOfTheWrongLengthIsRefused() {
    try (RankEngine engine = new RankEngine(RankParams.defaults(), 1)) {
      feed(engine, 1);
      assertThrows(IllegalArgumentException.class, () -> engine.resume(new long[2]));
      engine.resume(new long[] {1L << 59, 1L << 58, 1L << 58});
      assertEquals(3, engine.focus().length);
    }
  }
}
