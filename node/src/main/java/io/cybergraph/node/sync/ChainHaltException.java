package io.cybergraph.node.sync;

/**
 * A block the validators committed disagrees with this node's own state or chain (app hash,
 * rank root, header links, a failing transaction): the node must halt rather than continue on a
 * fork (design "Rank in the chain"). The message names the height.
 */
public final class ChainHaltException extends RuntimeException {
  private final long height;

  public ChainHaltException(long height, String reason) {
    super("block " + height + " " + reason, null, false, false);
    this.height = height;
  }

  public long height() {
    return height;
  }
}
