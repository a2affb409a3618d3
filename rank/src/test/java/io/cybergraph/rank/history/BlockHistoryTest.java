package io.cybergraph.rank.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cybergraph.rank.RankEngine;
import io.cybergraph.rank.RankParams;
import io.cybergraph.rank.history.VectorFormatException.Source;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockHistoryTest {

  private static VectorFormatException linkError(String line) {
    return assertThrows(
        VectorFormatException.class,
        () -> BlockHistory.builder().linkLine(1, "# header").linkLine(2, "").linkLine(3, line));
  }

  private static VectorFormatException stakeError(String line) {
    return assertThrows(
        VectorFormatException.class, () -> BlockHistory.builder().stakeLine(7, line));
  }

  @Test
  void malformedLinesReportTheirLineAndReason() {
    VectorFormatException e = linkError("1\tk\ta");
    assertEquals(Source.LINKS, e.source());
    assertEquals(3, e.line());
    assertEquals("expected 4 fields (height neuron from to), got 3", e.reason());
    assertEquals("self-link QmA", linkError("1\tk\tQmA\tQmA").reason());
    assertEquals("height is not an integer: x", linkError("x\tk\ta\tb").reason());
    assertEquals("height must be ≥ 1, got 0", linkError("0\tk\ta\tb").reason());
    assertEquals("height must be ≤ 10000000 (every height from 1 up is computed), got 2147483647",
        linkError("2147483647\tk\ta\tb").reason());
    assertEquals("height must be ≤ 10000000 (every height from 1 up is computed), got 10000001",
        stakeError("10000001 k 5").reason());
    e = stakeError("k\t-5");
    assertEquals(Source.STAKES, e.source());
    assertEquals(7, e.line());
    assertEquals("negative stake -5", e.reason());
    assertEquals("stake is not an integer: 1.5", stakeError("k 1.5").reason());
    assertEquals(
        "stake does not fit in 63 bits: 99999999999999999999", stakeError("k 99999999999999999999").reason());
    assertEquals(
        "expected 2 fields (neuron stake) or 3 (height neuron stake), got 4",
        stakeError("1 k 5 6").reason());
  }

  @Test
  void replaysEveryHeightWithLaterStakeLinesWinning() throws Exception {
    BlockHistory h =
        BlockHistory.builder()
            .linkLine(1, "3 k QmA QmB")
            .linkLine(2, "2 k QmC QmA") // out of order: height 2 runs first
            .linkLine(3, "3 k QmA QmB") // repeat: ignored
            .stakeLine(1, "k 10")
            .stakeLine(2, "5 k 7")
            .stakeLine(3, "5 k 8")
            .build();
    assertEquals(5, h.lastHeight());
    List<String> seen = new ArrayList<>();
    try (RankEngine engine = new RankEngine(RankParams.defaults(), 1)) {
      h.replay(
          engine,
          (height, r) ->
              seen.add(height + ":" + r.particles() + ":" + engine.graph().stake(0)));
      assertEquals(List.of("1:0:10", "2:2:10", "3:3:10", "4:3:10", "5:3:8"), seen);
      assertEquals("QmC", engine.graph().particle(0));
      assertEquals(2, engine.graph().linkCount());
    }
  }

  @Test
  void totalStakeBeyondTheBoundIsAnErrorOfItsLine() throws Exception {
    BlockHistory h =
        BlockHistory.builder()
            .stakeLine(1, "a 3000000000000000000")
            .stakeLine(2, "b 3000000000000000000")
            .build();
    try (RankEngine engine = new RankEngine(RankParams.defaults(), 1)) {
      VectorFormatException e =
          assertThrows(VectorFormatException.class, () -> h.replay(engine, (x, r) -> {}));
      assertEquals(2, e.line());
      assertEquals(Source.STAKES, e.source());
    }
  }

  @Test
  void finalGraphIsTheReplayedGraphWithoutComputing() throws Exception {
    BlockHistory h = BlockHistory.builder()
        .linkLine(1, "1 k a b").linkLine(2, "1 j b c").linkLine(3, "3 k c a")
        .linkLine(4, "3 k a b") // a repeat: ignored
        .stakeLine(1, "k 100").stakeLine(2, "j 50").stakeLine(3, "2 j 7").stakeLine(4, "4 k 60")
        .linkLine(5, "9 j a c").stakeLine(5, "12 j 9").linkLine(6, "12 k c b") // after gaps
        .build();
    io.cybergraph.rank.graph.CybergraphState g = h.finalGraph();
    try (RankEngine engine = new RankEngine(RankParams.defaults(), 1)) {
      h.replay(engine, (height, r) -> { });
      io.cybergraph.rank.graph.CybergraphState e = engine.graph();
      assertEquals(e.linkCount(), g.linkCount());
      assertEquals(5, g.linkCount());
      assertEquals(List.of(e.particleIds()), List.of(g.particleIds()));
      assertEquals(java.util.Arrays.toString(e.linkWeights()),
          java.util.Arrays.toString(g.linkWeights()));
      assertEquals(60, g.stake(g.neuronIndex("k")));
      assertEquals(9, g.stake(g.neuronIndex("j")));
    }
  }
}
