package io.cybergraph.node.chain;

/** A block that this node must not accept (invalid tx, wrong header field): names the height. */
public final class BlockRejectedException extends RuntimeException {
  private final long height;

  public BlockRejectedException(long height, String reason, Throwable cause) {
    super("block " + height + " rejected: " + reason, cause);
    this.height = height;
  }

  public long height() {
    return height;
  }
}
