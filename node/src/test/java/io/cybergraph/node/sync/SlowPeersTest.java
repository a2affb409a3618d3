package io.cybergraph.node.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cybergraph.p2p.NodeId;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlowPeersTest {
  private static final NodeId SLOW = new NodeId("aa".repeat(20));
  private static final NodeId OTHER = new NodeId("bb".repeat(20));
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  private static Set<NodeId> kept(SlowPeers slow, long now, NodeId... connected) {
    Set<NodeId> peers = new HashSet<>(Set.of(connected));
    slow.keepOut(peers, now);
    return peers;
  }

  @Test
  void aPeerThatTimedOutIsKeptOutWhileAnotherServesForLongerEachTime() {
    SlowPeers slow = new SlowPeers();
    assertEquals(Duration.ofMinutes(1), slow.timedOut(SLOW, 0));
    assertEquals(Set.of(OTHER), kept(slow, 1, SLOW, OTHER));
    assertEquals(Set.of(SLOW), kept(slow, 1, SLOW), "the only peer: waited for, not kept out");
    assertEquals(Set.of(SLOW, OTHER), kept(slow, MINUTE, SLOW, OTHER), "its minute is over");

    assertEquals(Duration.ofMinutes(2), slow.timedOut(SLOW, MINUTE), "again soon: twice as long");
    assertEquals(Set.of(OTHER), kept(slow, 2 * MINUTE, SLOW, OTHER));
    for (long now = 3 * MINUTE, times = 0; times < 5; times++, now += MINUTE) {
      slow.timedOut(SLOW, now);
    }
    assertEquals(SlowPeers.LONGEST, slow.timedOut(SLOW, 8 * MINUTE), "at most 16 minutes");

    // back for as long as it was kept out without timing out: forgiven, one minute next time
    long over = 8 * MINUTE + SlowPeers.LONGEST.toNanos();
    assertEquals(Set.of(SLOW, OTHER), kept(slow, over + SlowPeers.LONGEST.toNanos() + 1, SLOW,
        OTHER));
    assertEquals(Duration.ofMinutes(1), slow.timedOut(SLOW, over + SlowPeers.LONGEST.toNanos() + 2));
  }
}
