package io.cybergraph.node.rankpipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.rank.RankEngine;
import io.cybergraph.rank.RankParams;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rank thread: blocks in, snapshots out, a root that disagrees with the chain halts. */
class RankPipelineTest {

  private static RankBlock block(long height, String from, String to) {
    return new RankBlock(height, List.of(new RankBlock.Link("alice", from, to)),
        height == 1 ? List.of(new RankBlock.Stake("alice", 1000)) : List.of());
  }

  private static final class Events implements RankPipeline.Listener {
    final CompletableFuture<RankHaltException> halted = new CompletableFuture<>();

    @Override
    public void computed(RankSnapshot snapshot) {}

    @Override
    public void halted(RankHaltException error) {
      halted.complete(error);
    }
  }

  @Test
  void computesEachBlockAsTheEngineWouldAndKeepsTheLastOnes() throws Exception {
    Events events = new Events();
    try (RankEngine reference = new RankEngine(RankParams.defaults(), 1);
        RankPipeline pipeline = new RankPipeline(
            new RankEngine(RankParams.defaults(), 1), RankSnapshot.empty(0), 3, events)) {
      pipeline.start();
      for (int h = 1; h <= 5; h++) {
        RankBlock b = block(h, "Qm" + h, "Qm" + (h + 1));
        pipeline.submit(b);
        reference.setStake("alice", 1000);
        reference.addLink("alice", "Qm" + h, "Qm" + (h + 1));
        reference.step();
        RankSnapshot s = pipeline.await(h);
        assertEquals(h, s.height());
        assertArrayEquals(reference.root(), s.root());
        assertArrayEquals(reference.focus(), s.focus());
      }
      assertEquals(3, pipeline.earliestKept());
      assertTrue(pipeline.at(2).isEmpty());
      assertEquals(5, pipeline.drainUnpersisted().size());
      assertEquals(0, pipeline.drainUnpersisted().size());
      assertThrows(IllegalStateException.class, () -> pipeline.submit(block(7, "QmA", "QmB")));
      assertTrue(pipeline.failure().isEmpty());
    }
  }

  @Test
  void aRootThatDiffersFromTheHeaderHaltsNamingTheHeight() throws Exception {
    Events events = new Events();
    try (RankPipeline pipeline = new RankPipeline(
        new RankEngine(RankParams.defaults(), 1), RankSnapshot.empty(0), 3, events)) {
      pipeline.expect(2, new byte[32], 4);
      pipeline.start();
      pipeline.submit(block(1, "QmA", "QmB"));
      pipeline.submit(block(2, "QmB", "QmC"));
      RankHaltException e = events.halted.get(10, TimeUnit.SECONDS);
      assertEquals(2, e.height());
      assertTrue(e.getMessage().contains("rank mismatch at height 2"), e.getMessage());
      assertTrue(e.getMessage().contains("header of height 4"), e.getMessage());
      assertThrows(RankHaltException.class, () -> pipeline.await(2));
      assertThrows(RankHaltException.class, () -> pipeline.await(3));
    }
  }
  /**
   * A block's stake changes come in address order. A Send of nearly the whole supply to an
   * address that sorts first used to pass through a total of twice the supply, above 2^62: rank
   * halted on every node at once, and again after every restart.
   */
  @Test
  void aSendNearTheSupplyBoundToAnEarlierAddressIsApplied() throws Exception {
    long supply = (1L << 62) - 1; // genesis allows any supply below 2^62
    Events events = new Events();
    try (RankEngine reference = new RankEngine(RankParams.defaults(), 1);
        RankPipeline pipeline = new RankPipeline(
            new RankEngine(RankParams.defaults(), 1), RankSnapshot.empty(0), 3, events)) {
      pipeline.start();
      pipeline.submit(new RankBlock(1, List.of(new RankBlock.Link("bob", "QmA", "QmB")),
          List.of(new RankBlock.Stake("bob", supply))));
      pipeline.submit(new RankBlock(2, List.of(), List.of(
          new RankBlock.Stake("alice", supply - 10), new RankBlock.Stake("bob", 10))));
      RankSnapshot s = pipeline.await(2);
      assertTrue(pipeline.failure().isEmpty());
      reference.setStake("bob", supply);
      reference.addLink("bob", "QmA", "QmB");
      reference.step();
      reference.setStake("bob", 10);
      reference.setStake("alice", supply - 10);
      reference.step();
      assertArrayEquals(reference.root(), s.root());
    }
  }
  /** A snapshot taken up serves explain and context at once, as a computed height does. */
  @Test
  void anInstalledSnapshotCarriesTheLinksForQueries() throws Exception {
    long[] focus;
    byte[] root;
    try (RankEngine source = new RankEngine(RankParams.defaults(), 1)) {
      source.setStake("alice", 1000);
      source.addLink("alice", "Qm1", "Qm2");
      source.step();
      source.addLink("alice", "Qm2", "Qm3");
      source.step();
      focus = source.focus();
      root = source.root();
    }
    Events events = new Events();
    try (RankPipeline pipeline = new RankPipeline(
        new RankEngine(RankParams.defaults(), 1), RankSnapshot.empty(0), 3, events)) {
      pipeline.deferTo(2, focus, root, 3);
      pipeline.start();
      pipeline.submit(block(1, "Qm1", "Qm2"));
      pipeline.submit(block(2, "Qm2", "Qm3"));
      RankSnapshot installed = pipeline.await(2);
      assertArrayEquals(root, installed.root());
      assertTrue(installed.linkView() != null, "links for explain and context");
      assertEquals(3, installed.linkView().particles());
    }
  }
  /**
   * A snapshot taken up at run time (block sync fell far behind) while a thread waits for a
   * height it skips: the rank thread only feeds the blocks below the snapshot's, so the height
   * is never computed, and the waiter (the consensus thread making or checking a block) must
   * hear so. It waited forever, and block sync, whose blocks a BFT node applies on that very
   * thread, could never submit the snapshot's block: the node hung.
   */
  @Test
  void aWaiterForAHeightThatASnapshotSkipsMeanwhileIsToldSo() throws Exception {
    Events events = new Events();
    try (RankPipeline pipeline = new RankPipeline(
        new RankEngine(RankParams.defaults(), 1), RankSnapshot.empty(0), 3, events)) {
      // not started: blocks 1 and 2 are submitted, not computed yet (a slow rank thread)
      pipeline.submit(block(1, "Qm1", "Qm2"));
      pipeline.submit(block(2, "Qm2", "Qm3"));
      CompletableFuture<Object> outcome = new CompletableFuture<>();
      Thread waiter = new Thread(() -> {
        try {
          outcome.complete(pipeline.await(2));
        } catch (Throwable t) {
          outcome.complete(t);
        }
      }, "waiter");
      waiter.setDaemon(true);
      waiter.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (waiter.getState() != Thread.State.WAITING) {
        assertTrue(System.nanoTime() < deadline, "the waiter waits for height 2");
        Thread.onSpinWait();
      }
      pipeline.deferTo(4, new long[] {1, 2, 3}, new byte[32], 5);
      pipeline.start();
      assertTrue(pipeline.skipped(2));
      Object result = outcome.get(10, TimeUnit.SECONDS);
      assertTrue(result instanceof RankSkippedException, "await(2) gave " + result);
      waiter.interrupt();
    }
  }
}
