package io.cybergraph.rank;

import io.cybergraph.rank.synthetic.PowerLawGraph;

/** Small random graphs for tests, fed into an engine. */
final class TestGraphs {
  private TestGraphs() {}

  /** A seeded power-law graph (stakes, then links) into the engine. */
  static void powerLaw(RankEngine engine, int particles, int links, long seed) {
    new PowerLawGraph(particles, links, seed)
        .generate(
            new PowerLawGraph.Sink() {
              @Override
              public void stake(String neuron, long stake) {
                engine.setStake(neuron, stake);
              }

              @Override
              public boolean link(String neuron, String from, String to) {
                return engine.addLink(neuron, from, to);
              }
            });
  }
}
