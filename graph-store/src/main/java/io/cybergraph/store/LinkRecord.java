package io.cybergraph.store;

import java.util.Arrays;

/**
 * A stored link with its provenance: sequence number in the link log (from 0; it is also the
 * link's leaf index in {@code links_root}), neuron, particles, height, and the transaction (its
 * index in the block and its hash).
 */
public record LinkRecord(
    long seq, byte[] neuron, int from, int to, long height, int txIndex, byte[] txHash) {

  @Override
  public boolean equals(Object o) {
    return o instanceof LinkRecord l
        && seq == l.seq
        && from == l.from
        && to == l.to
        && height == l.height
        && txIndex == l.txIndex
        && Arrays.equals(neuron, l.neuron)
        && Arrays.equals(txHash, l.txHash);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seq);
  }

  @Override
  public String toString() {
    return "Link[#" + seq + " " + Keys.hex(neuron) + " " + from + "->" + to + " h" + height
        + " tx" + txIndex + "]";
  }
}
