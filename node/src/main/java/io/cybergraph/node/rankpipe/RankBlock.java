package io.cybergraph.node.rankpipe;

import java.util.List;

/**
 * What one committed block gives the rank engine (application.md §5, "Feeding the rank
 * engine"): its links in execution order and the stakes it changed.
 *
 * @param height the committed block's height
 * @param links (neuron bech32, from text, to text) in execution order
 * @param stakes accounts whose balance changed, with the new balance
 */
public record RankBlock(long height, List<Link> links, List<Stake> stakes) {

  public RankBlock {
    links = List.copyOf(links);
    stakes = List.copyOf(stakes);
  }

  /** A link as the engine names it: neuron and particles by their first-seen texts. */
  public record Link(String neuron, String from, String to) {}

  /** A neuron's stake from this block on. */
  public record Stake(String neuron, long stake) {}
}
