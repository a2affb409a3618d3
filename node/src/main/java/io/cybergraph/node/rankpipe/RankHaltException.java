package io.cybergraph.node.rankpipe;

/**
 * The node's own focus disagrees with the chain (a committed header's rank root), or the rank
 * computation failed: the node must stop rather than continue on a fork. The message names the
 * height.
 */
public final class RankHaltException extends RuntimeException {
  private final long height;

  public RankHaltException(long height, String message) {
    super(message);
    this.height = height;
  }

  public RankHaltException(long height, String message, Throwable cause) {
    super(message, cause);
    this.height = height;
  }

  /** The rank height at which the node stopped. */
  public long height() {
    return height;
  }
}
