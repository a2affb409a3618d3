package io.cybergraph.store;

/**
 * The protocol's encoding of a link as a leaf of {@code links_root} (neuron ‖ from ‖ to ‖ height,
 * defined in the proto module). The store needs it to hash the perfect subtrees it keeps and to
 * rebuild the leaves of an inclusion proof; it never invents the encoding itself.
 */
@FunctionalInterface
public interface LinkLeaf {
  byte[] encode(byte[] neuron, Particle from, Particle to, long height);
}
