package io.cybergraph.node.sync;

import java.util.Optional;

/** The focus vectors a node serves to peers that take up a rank snapshot (docs/sync.md). */
public interface FocusSource {

  /** rank.lag_blocks of the chain: the focus of g is committed by the header of g + lag. */
  int lag();

  /**
   * The newest focus this node can serve: one it keeps whose committing header (height + lag)
   * it has stored, so the receiver can check it.
   */
  Optional<ServedFocus> newest();

  /** The focus of {@code height}, if this node still keeps it and stores its committing header. */
  Optional<ServedFocus> at(long height);
}
