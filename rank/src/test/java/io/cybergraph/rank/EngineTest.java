package io.cybergraph.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.rank.tree.FocusProof;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineTest {

  @Test
  void everyParticlesProofVerifiesAgainstTheRoot() {
    try (RankEngine engine = new RankEngine(Vectors.params("small"), 2)) {
      Vectors.history("small").replay(engine, (h, r) -> {});
      byte[] root = engine.root();
      long[] focus = engine.focus();
      for (int j = 0; j < focus.length; j++) {
        String cid = engine.graph().particle(j);
        FocusProof proof = engine.proof(cid).orElseThrow();
        assertEquals(focus[j], proof.focus());
        assertTrue(proof.verify(root), cid);
        FocusProof tampered =
            new FocusProof(proof.index(), proof.size(), proof.focus() ^ 1, cid, proof.path());
        assertFalse(tampered.verify(root), cid);
      }
      assertTrue(engine.proof("QmNotAParticle").isEmpty());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void topKAndFocusOfOneParticle() throws Exception {
    try (RankEngine engine = new RankEngine(Vectors.params("tiny"), 1)) {
      Vectors.history("tiny").replay(engine, (h, r) -> {});
      List<RankEngine.ParticleFocus> top = engine.topK(3);
      assertEquals(3, top.size());
      // from the vector: QmV9sB9... 398347502622626606 is the largest, QmQ52A97... next
      assertEquals("QmV9sB9iXQtprM1qpBDVXEFFgqBid6ZtEMPXz1Ehkesb58", top.get(0).cid());
      assertEquals(398347502622626606L, top.get(0).focus());
      assertEquals("QmQ52A97v8qRtGmztVESjhWFbUCV9AJKfADZu6W5D8mXeK", top.get(1).cid());
      assertEquals("QmcbXJkaPikt5LeZhczio6A2uxZePbHKFNo9o7ecn4WoFx", top.get(2).cid());
      assertEquals(6, engine.topK(100).size());
      assertEquals(0, engine.topK(0).size());
      assertEquals(
          54902727810098858L,
          engine.focusOf("QmQkZsHQ5nC6nuQdUj7MvWnshTBfnKaowY8CGGRdLC6jDo").getAsLong());
      assertTrue(engine.focusOf("nope").isEmpty());
      assertEquals(54902736520171098L, engine.karma("81e74ef5e8e25d940ed904759531985d5d9dc9f8"));
      assertEquals(0, engine.karma("unknown"));
    }
  }

  @Test
  void queriesDescribeTheLastStepNotLinksAddedSince() throws Exception {
    try (RankEngine engine = new RankEngine(Vectors.params("tiny"), 1)) {
      Vectors.history("tiny").replay(engine, (h, r) -> {});
      Map<String, Long> karma = engine.karma();
      byte[] root = engine.root();
      engine.addLink("newcomer", "QmA", "QmB");
      engine.setStake("newcomer", 1000);
      engine.setStake("81e74ef5e8e25d940ed904759531985d5d9dc9f8", 1);
      assertEquals(karma, engine.karma());
      assertArrayEquals(root, engine.root());
      assertEquals(6, engine.focus().length);
      assertTrue(engine.focusOf("QmA").isEmpty());
      engine.step();
      assertEquals(8, engine.focus().length);
      assertTrue(engine.karma().containsKey("newcomer"));
    }
  }

  @Test
  void resumingFromAStoredFocusContinuesTheSameChain() throws Exception {
    // engine A runs the restake history; engine B is given heights 1..4 and A's focus at 4
    io.cybergraph.rank.history.BlockHistory history = Vectors.history("restake");
    RankParams params = Vectors.params("restake");
    java.util.List<long[]> focusAt = new java.util.ArrayList<>();
    java.util.List<String> roots = new java.util.ArrayList<>();
    try (RankEngine a = new RankEngine(params, 2)) {
      history.replay(a, (h, r) -> {
        focusAt.add(a.focus());
        roots.add(r.rootHex());
      });
    }
    com.fasterxml.jackson.databind.JsonNode blocks = Vectors.expected("restake").get("blocks");
    try (RankEngine b = new RankEngine(params, 1)) {
      java.util.List<String> rootsB = new java.util.ArrayList<>();
      history.replay(b, (h, r) -> {
        if (h == 4) {
          b.resume(focusAt.get(3)); // as a restarted node would, after replaying the graph
        }
        rootsB.add(r.rootHex());
      });
      assertEquals(roots, rootsB);
      assertEquals(blocks.get(6).get("root").asText(), rootsB.get(6));
    }
  }

  @Test
  void resumeRefusesAFocusOfTheWrongLength() {
    try (RankEngine engine = new RankEngine(RankParams.defaults(), 1)) {
      engine.addLink("k", "a", "b");
      assertThrows(IllegalArgumentException.class, () -> engine.resume(new long[] {1}));
      assertThrows(IllegalArgumentException.class, () -> engine.resume(new long[] {1, -1}));
    }
  }

  @Test
  void versionChangesOnlyWhenWeightsCan() {
    try (RankEngine engine = new RankEngine(RankParams.defaults(), 1)) {
      long v0 = engine.graph().version();
      engine.setStake("k", 10); // no links yet: weighs nothing
      assertEquals(v0, engine.graph().version());
      engine.addLink("k", "a", "b");
      long v1 = engine.graph().version();
      assertTrue(v1 != v0);
      engine.addLink("k", "a", "b"); // repeat
      engine.setStake("k", 10); // same stake
      engine.setStake("j", 99); // no links
      assertEquals(v1, engine.graph().version());
      engine.setStake("k", 11);
      assertTrue(engine.graph().version() != v1);
      BlockResult first = engine.step();
      BlockResult second = engine.step(); // nothing changed: same matrices, starts from the fixed point
      assertEquals(first.particles(), second.particles());
    }
  }

  @Test
  void emptyGraphStepsToTheEmptyRoot() {
    try (RankEngine engine = new RankEngine(RankParams.defaults(), 2)) {
      engine.setStake("someone", 5);
      BlockResult r = engine.step();
      assertEquals(0, r.particles());
      assertEquals(0, r.iterations());
      assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", r.rootHex());
      assertEquals(Map.of(), engine.karma());
    }
  }

  @Test
  void allWeightsZeroKeepsUniformFocus() {
    try (RankEngine engine = new RankEngine(RankParams.defaults(), 1)) {
      engine.addLink("k", "a", "b");
      engine.addLink("k", "b", "c");
      BlockResult r = engine.step(); // stake 0: no edges, every particle isolated
      assertEquals(3, r.particles());
      long[] f = engine.focus();
      assertEquals(f[0], f[1]);
      assertEquals(f[1], f[2]);
      assertEquals(Map.of("k", 0L), engine.karma());
    }
  }

  @Test
  void graphRejectsBadInputAndChangesNothing() {
    try (RankEngine engine = new RankEngine(RankParams.defaults(), 1)) {
      assertThrows(IllegalArgumentException.class, () -> engine.addLink("k", "a", "a"));
      assertEquals(0, engine.graph().particleCount());
      assertEquals(0, engine.graph().neuronCount());
      assertTrue(engine.addLink("k", "a", "b"));
      assertFalse(engine.addLink("k", "a", "b"));
      assertTrue(engine.addLink("j", "a", "b"));
      assertEquals(1, engine.graph().degree(engine.graph().neuronIndex("k")));
      assertEquals(2, engine.graph().linkCount());
      assertThrows(IllegalArgumentException.class, () -> engine.setStake("k", -1));
      engine.setStake("k", (1L << 62) - 10);
      assertThrows(IllegalArgumentException.class, () -> engine.setStake("j", 10));
      assertEquals(0, engine.graph().stake(engine.graph().neuronIndex("j")));
      engine.setStake("j", 9);
      engine.setStake("k", 0); // lowering always works
      assertEquals(9, engine.graph().totalStake());
    }
  }

  @Test
  void particlesAreNumberedInOrderOfFirstAppearance() {
    try (RankEngine engine = new RankEngine(RankParams.defaults(), 1)) {
      engine.addLink("k", "c", "a");
      engine.addLink("j", "a", "d");
      engine.addLink("j", "b", "c");
      assertEquals("c", engine.graph().particle(0));
      assertEquals("a", engine.graph().particle(1));
      assertEquals("d", engine.graph().particle(2));
      assertEquals("b", engine.graph().particle(3));
    }
  }
}
