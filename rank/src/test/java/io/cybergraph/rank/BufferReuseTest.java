package io.cybergraph.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An engine keeps its working arrays (matrix build scratch, iteration vectors, extended focus)
 * from block to block. On a growing graph with new particles, stake rises, stake cuts to zero
 * and blocks without links, every block must equal the block computed by a fresh engine (fresh
 * arrays) that takes up the previous block's focus.
 */
class BufferReuseTest {
  private record Op(String neuron, String from, String to, long stake) {}

  @Test
  void everyBlockEqualsAFreshEngineResumedFromThePreviousFocus() throws Exception {
    for (int threads : new int[] {1, 3}) {
      SplittableRandom rnd = new SplittableRandom(17 + threads);
      List<List<Op>> history = new ArrayList<>();
      try (RankEngine kept = new RankEngine(RankParams.defaults(), threads)) {
        long[] previous = new long[0];
        for (int block = 0; block < 14; block++) {
          List<Op> ops = new ArrayList<>();
          int particles = kept.graph().particleCount();
          int links = block % 5 == 4 ? 0 : 1 + rnd.nextInt(block < 6 ? 400 : 40);
          for (int l = 0; l < links; l++) {
            int from = rnd.nextInt(particles + 30);
            int to = rnd.nextInt(particles + 30);
            if (from != to) {
              ops.add(new Op("n" + rnd.nextInt(6), "p" + from, "p" + to, -1));
            }
          }
          for (int s = 0; s < 2; s++) {
            long stake = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextLong(1L << 50);
            ops.add(new Op("n" + rnd.nextInt(6), null, null, stake));
          }
          history.add(ops);
          apply(kept, ops);
          BlockResult r = kept.step();

          try (RankEngine fresh = new RankEngine(RankParams.defaults(), threads)) {
            for (int h = 0; h < block; h++) {
              apply(fresh, history.get(h));
            }
            if (block > 0) {
              fresh.resume(previous);
            }
            apply(fresh, ops);
            BlockResult f = fresh.step();
            String at = "threads " + threads + " block " + block;
            assertEquals(f.iterations(), r.iterations(), at);
            assertEquals(f.delta(), r.delta(), at);
            assertArrayEquals(f.root(), r.root(), at);
            assertArrayEquals(fresh.focus(), kept.focus(), at);
            assertEquals(fresh.karma(), kept.karma(), at);
          }
          previous = kept.focus();
        }
      }
    }
  }

  private static void apply(RankEngine engine, List<Op> ops) {
    for (Op op : ops) {
      if (op.from() != null) {
        engine.addLink(op.neuron(), op.from(), op.to());
      } else {
        engine.setStake(op.neuron(), op.stake());
      }
    }
  }
}
