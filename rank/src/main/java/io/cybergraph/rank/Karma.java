package io.cybergraph.rank;

import io.cybergraph.rank.graph.CybergraphState;
import io.cybergraph.rank.graph.TransitionMatrices;
import io.cybergraph.rank.math.Fixed;
import io.cybergraph.rank.math.U128;

/**
 * Karma (spec §7): the focus that a neuron's links carry in one diffusion step,
 * {@code karma(k) = Σ over k's links i→j of mulShift(focus_i, ⌊⌊s(k)/deg(k)⌋·2^40 / W_i⌋, 40)}.
 */
final class Karma {
  private Karma() {}

  /**
   * Karma of every neuron (by neuron index) for the block whose first {@code links} links,
   * per-link weights {@code linkWeight} (by neuron), matrices and focus (index order) are given.
   */
  static long[] all(
      CybergraphState g, int links, long[] linkWeight, TransitionMatrices mats, long[] focus) {
    long[] karma = new long[linkWeight.length];
    for (int l = 0; l < links; l++) {
      int k = g.linkNeuron(l);
      long w = linkWeight[k];
      if (w == 0) {
        continue; // a link of weight 0 carries nothing
      }
      int from = g.linkFrom(l);
      long p = U128.divQ40(w, mats.outWeight(from));
      karma[k] = Math.addExact(karma[k], Fixed.mulShift(focus[from], p, Fixed.Q));
    }
    return karma;
  }
}
