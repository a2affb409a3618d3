package io.cybergraph.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.proto.pb.ConsensusStep;
import io.cybergraph.proto.pb.NewRoundStep;
import org.junit.jupiter.api.Test;

class PeerRoundStateTest {
  private static final long AGAIN = 2_000_000_000L;

  private static PeerRoundState atHeight(long height) {
    PeerRoundState peer = new PeerRoundState(0);
    peer.update(NewRoundStep.newBuilder().setHeight(height)
        .setStep(ConsensusStep.CONSENSUS_STEP_PROPOSE).build(), 0, AGAIN);
    return peer;
  }

  @Test
  void madeUpAnnouncementsDoNotGrowTheSetPastItsBound() {
    PeerRoundState peer = atHeight(7);
    for (int i = 0; i < 5 * PeerRoundState.MAX_ANNOUNCED; i++) {
      peer.has(7, "V0:1:" + i + ":junk");
      assertTrue(peer.items() <= PeerRoundState.MAX_ANNOUNCED);
    }
    peer.has(7, "P0");
    assertFalse(peer.lacks("P0"), "what was announced last is remembered");
  }

  @Test
  void itemsOfOtherHeightsAreIgnoredAndANewHeightStartsEmpty() {
    PeerRoundState peer = atHeight(7);
    peer.has(8, "P0");
    assertTrue(peer.lacks("P0"));
    peer.has(7, "P0");
    assertFalse(peer.lacks("P0"));
    peer.update(NewRoundStep.newBuilder().setHeight(8).build(), 1, AGAIN);
    assertEquals(0, peer.items());
  }

  @Test
  void aReturnToALowerHeightStartsTheSetOverAtMostOncePerInterval() {
    PeerRoundState peer = atHeight(7);
    peer.has(7, "P0");
    peer.update(NewRoundStep.newBuilder().setHeight(6).build(), 1, AGAIN);
    peer.update(NewRoundStep.newBuilder().setHeight(7).build(), 2, AGAIN);
    assertFalse(peer.lacks("P0"), "toggling 7, 6, 7 within the interval: still had");
    peer.update(NewRoundStep.newBuilder().setHeight(6).build(), AGAIN, AGAIN);
    assertTrue(peer.lacks("P0"), "a return after the interval starts over");
    peer.has(6, "P0");
    peer.update(NewRoundStep.newBuilder().setHeight(8).build(), AGAIN + 1, AGAIN);
    assertTrue(peer.lacks("P0"), "a new highest height always starts over");
  }

  @Test
  void aPeerThatStaysIsSentEverythingAgainLessAndLessOftenUntilItMoves() {
    PeerRoundState peer = atHeight(7);
    long s = AGAIN / 2; // one second
    assertFalse(peer.stuck(s, AGAIN), "moved one second ago");
    // seconds: 2 s after it last moved, then 4, 8, 16, 16 s apart
    long[] resends = {2, 6, 14, 30, 46, 62};
    long checked = 0;
    for (long at : resends) {
      for (long t = checked + 1; t < at; t++) {
        assertFalse(peer.stuck(t * s, AGAIN), "no resend at " + t + " s");
      }
      assertTrue(peer.stuck(at * s, AGAIN), "a resend at " + at + " s");
      checked = at;
    }
    // it moves: the first resend comes one interval later again, and the doubling starts over
    peer.update(NewRoundStep.newBuilder().setHeight(7).setRound(1).build(), 65 * s, AGAIN);
    assertFalse(peer.stuck(66 * s, AGAIN));
    assertTrue(peer.stuck(67 * s, AGAIN), "2 s after it moved");
    assertFalse(peer.stuck(70 * s, AGAIN));
    assertTrue(peer.stuck(71 * s, AGAIN));
  }
}
