package io.cybergraph.store;

import java.util.Objects;

/**
 * A link added by a block: who (the neuron's 20-byte address), between which particles (their
 * indices), and which of the block's transactions carried it (index into the block's tx list).
 */
public record NewLink(byte[] neuron, int from, int to, int txIndex) {
  public NewLink {
    Objects.requireNonNull(neuron, "link neuron");
  }
}
