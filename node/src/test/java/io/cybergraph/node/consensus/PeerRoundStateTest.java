package io.cybergraph.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.proto.pb.ConsensusStep;
import io.cybergraph.proto.pb.NewRoundStep;
import org.junit.jupiter.api.Test;

class PeerRoundStateTest {

  private static PeerRoundState atHeight(long height) {
    PeerRoundState peer = new PeerRoundState(0);
    peer.update(NewRoundStep.newBuilder().setHeight(height)
        .setStep(ConsensusStep.CONSENSUS_STEP_PROPOSE).build(), 0);
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
    peer.update(NewRoundStep.newBuilder().setHeight(8).build(), 1);
    assertEquals(0, peer.items());
  }
}
