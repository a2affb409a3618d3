package io.cybergraph.node.sync;

import java.util.Optional;

/** The committed blocks a node serves to peers, as stored (encoded protobuf). */
public interface BlockSource {

  /** The latest stored height, 0 when empty. */
  long height();

  /** The lowest stored height: 1 once a block is stored (nothing is pruned), else 0. */
  default long base() {
    return height() > 0 ? 1 : 0;
  }

  /** The encoded {@code Block} at {@code height}. */
  Optional<byte[]> block(long height);

  /**
   * The encoded {@code Commit} that finalised the block at {@code height} (for the latest block,
   * the commit this node saw).
   */
  Optional<byte[]> commit(long height);
}
