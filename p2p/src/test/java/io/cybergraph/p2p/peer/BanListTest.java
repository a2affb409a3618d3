package io.cybergraph.p2p.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.p2p.NodeId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BanListTest {

  private final AtomicLong nanos = new AtomicLong();
  private final BanList bans = new BanList(nanos::get);
  private final NodeId bad = NodeId.parse("ab".repeat(20));
  private final NodeId good = NodeId.parse("cd".repeat(20));

  @Test
  void banLastsTheGivenTimeForThatNodeOnly() {
    bans.ban(bad, Duration.ofSeconds(60));
    assertTrue(bans.isBanned(bad));
    assertFalse(bans.isBanned(good));

    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    assertEquals(Duration.ofSeconds(1), bans.remaining(bad));
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertFalse(bans.isBanned(bad));
  }

  @Test
  void expiredBansOfNodesNeverSeenAgainAreSweptAsTheListGrows() {
    // node IDs cost nothing: fresh ones that each misbehave once must not pile up
    for (int i = 0; i < 5_000; i++) {
      bans.ban(NodeId.parse(String.format("%040x", i)), Duration.ofSeconds(1));
      nanos.addAndGet(Duration.ofMillis(10).toNanos()); // 100 running at any time
      assertTrue(bans.size() <= 2_048, "entries held: " + bans.size());
    }
    bans.ban(bad, Duration.ofSeconds(60));
    assertTrue(bans.isBanned(bad));
  }

  @Test
  void aShorterBanDoesNotCutALongerOne() {
    bans.ban(bad, Duration.ofSeconds(60));
    bans.ban(bad, Duration.ofSeconds(1));
    assertEquals(Duration.ofSeconds(60), bans.remaining(bad));
  }
}
