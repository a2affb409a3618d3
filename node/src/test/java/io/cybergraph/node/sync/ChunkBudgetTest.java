package io.cybergraph.node.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChunkBudgetTest {
  @Test
  void aConnectionGetsItsBudgetAgainInTheNextWindow() {
    AtomicLong clock = new AtomicLong(0);
    FocusServer.ChunkBudget budget = new FocusServer.ChunkBudget(100, clock::get);
    for (int i = 0; i < 28; i++) {
      assertTrue(budget.take(28), "chunk " + i);
    }
    assertFalse(budget.take(28), "the 29th in the window");
    clock.set(99);
    assertFalse(budget.take(28), "still the same window");
    // a node that fell far behind again later fetches again over the same connection
    clock.set(100);
    for (int i = 0; i < 28; i++) {
      assertTrue(budget.take(28), "chunk " + i + " of the next window");
    }
    assertFalse(budget.take(28));
  }
}
