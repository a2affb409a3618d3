package io.cybergraph.consensus.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Agreement over thousands of random schedules of 4 validators, one of them byzantine (see {@link
 * Simulation}); and a control run with two byzantine validators (more than a third), where the same
 * checker does find forks, so a pass above is not for lack of trying.
 */
class SafetySimulationTest {
  static final int SCHEDULES = 2000;
  static final int ASYNC_STEPS = 600;
  static final int MAX_STEPS = 4000;

  @Test
  void noTwoHonestNodesDecideDifferentValuesWithOneByzantine() {
    int finished = 0;
    int decidedWithoutGossip = 0;
    long evidence = 0;
    for (long seed = 0; seed < SCHEDULES; seed++) {
      int bad = (int) (seed % 4); // every validator is the byzantine one in turn
      boolean gossip = seed % 2 == 0;
      Simulation sim = new Simulation(seed, 4, Set.of(bad), 2, gossip).run(ASYNC_STEPS, MAX_STEPS);
      assertNull(sim.fork(), "seed " + seed + " byzantine v" + bad + " forked");
      if (gossip && sim.allDecided()) {
        finished++;
      }
      if (!gossip && sim.decisions.containsKey(1L)) {
        decidedWithoutGossip++;
      }
      evidence += sim.evidenceReports;
    }
    // the schedules are not degenerate: with gossip all honest nodes decide both heights, and
    // without it most decide something; equivocation is seen and reported
    assertEquals(SCHEDULES / 2, finished, "schedules with gossip that decided both heights");
    assertTrue(decidedWithoutGossip > SCHEDULES / 4, "only " + decidedWithoutGossip);
    assertTrue(evidence > SCHEDULES, "only " + evidence + " evidence reports");
  }

  @Test
  void allHonestNodesDecideTheSameValue() {
    for (long seed = 0; seed < 200; seed++) {
      Simulation sim = new Simulation(seed, 4, Set.of(), 3, true).run(ASYNC_STEPS, MAX_STEPS);
      assertNull(sim.fork(), "seed " + seed);
      assertTrue(sim.allDecided(), "seed " + seed + " did not decide 3 heights");
    }
  }

  @Test
  void withTwoByzantineOfFourTheCheckerFindsForks() {
    int forks = 0;
    for (long seed = 0; seed < 300; seed++) {
      if (new Simulation(seed, 4, Set.of(2, 3), 1, false).run(ASYNC_STEPS, MAX_STEPS).fork()
          != null) {
        forks++;
      }
    }
    assertTrue(forks > 0, "two byzantine validators of four never forked: the test is blind");
  }
}
