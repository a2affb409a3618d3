package io.cybergraph.rank.graph;

/**
 * A read-only view of the links and link weights of one block, for queries on other threads.
 * The link arrays are the graph's own (append-only: entries below {@code links} never change
 * after the block, and a grown graph copies into new arrays), so taking a view costs a copy of
 * the per-neuron weights and ids only. Nothing here feeds the consensus computation.
 *
 * @param particles particles in the block
 * @param links links made up to the block
 * @param linkNeuron neuron index of each link (read only below {@code links})
 * @param linkFrom source particle of each link
 * @param linkTo target particle of each link
 * @param neuronWeight ⌊s(k)/deg(k)⌋ of every neuron at the block, by neuron index
 * @param neuronIds neuron ids by index
 * @param version the graph version (equal versions: equal weights)
 */
public record LinkView(
    int particles,
    int links,
    int[] linkNeuron,
    int[] linkFrom,
    int[] linkTo,
    long[] neuronWeight,
    String[] neuronIds,
    long version) {

  /** The weight of link {@code l}: its neuron's ⌊s(k)/deg(k)⌋. */
  public long weight(int l) {
    return neuronWeight[linkNeuron[l]];
  }
}
