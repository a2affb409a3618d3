package io.cybergraph.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.p2p.NodeId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrphanPartsTest {
  private static final NodeId FLOODER = new NodeId("aa".repeat(20));
  private static final NodeId SECOND_FLOODER = new NodeId("cc".repeat(20));
  private static final NodeId HONEST = new NodeId("bb".repeat(20));

  @Test
  void aPeerThatFilledEveryPlaceGivesThemUpToAnotherPeersParts() {
    OrphanParts orphans = new OrphanParts(256);
    for (int i = 0; i < 1000; i++) {
      orphans.add(FLOODER, "junk" + i + ":0", () -> { });
    }
    assertEquals(256, orphans.size());
    List<String> redone = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      String key = "root:" + i;
      assertTrue(orphans.add(HONEST, key, () -> redone.add(key)), "honest part " + i);
    }
    assertEquals(256, orphans.size());
    assertEquals(192, orphans.of(FLOODER));
    // the flooder cannot take them back: it is the largest holder
    assertFalse(orphans.add(FLOODER, "junk-again:0", () -> { }));
    orphans.take("root:").forEach(Runnable::run);
    assertEquals(64, redone.size(), "every honest part redone");
    assertEquals(0, orphans.of(HONEST));
  }

  @Test
  void severalFloodersEndWithEqualSharesAndAnHonestPeerStillGetsIn() {
    OrphanParts orphans = new OrphanParts(256);
    for (int i = 0; i < 1000; i++) {
      orphans.add(FLOODER, "a" + i + ":0", () -> { });
      orphans.add(SECOND_FLOODER, "c" + i + ":0", () -> { });
    }
    assertEquals(128, orphans.of(FLOODER));
    assertEquals(128, orphans.of(SECOND_FLOODER));
    int honest = 0;
    for (int i = 0; i < 100; i++) {
      if (orphans.add(HONEST, "root:" + i, () -> { })) {
        honest++;
      }
    }
    assertEquals(85, honest, "up to a third of the places, the shares of three peers");
    assertEquals(256, orphans.size());
  }

  @Test
  void theSamePartIsKeptOnceAndClearForgetsEverything() {
    OrphanParts orphans = new OrphanParts(4);
    assertTrue(orphans.add(HONEST, "root:0", () -> { }));
    assertFalse(orphans.add(FLOODER, "root:0", () -> { }));
    assertEquals(1, orphans.size());
    orphans.clear();
    assertEquals(0, orphans.size());
    assertEquals(0, orphans.of(HONEST));
  }
}
