package io.cybergraph.node.sync;

/**
 * Where a catching-up node puts a focus fetched from peers and verified (rank snapshot sync):
 * the node's store and rank pipeline.
 */
public interface FocusTarget {

  /** rank.lag_blocks of the chain. */
  int lag();

  /** True when a fetched focus is already waiting to be taken up (fetched before a restart). */
  boolean pending();

  /**
   * Persists the focus (durably, so a restart takes it up without fetching it again) and tells
   * the rank pipeline to take it up at its height instead of computing the heights up to it.
   *
   * @return false if it came too late (this node has applied its height already); nothing was
   *     changed then
   */
  boolean install(VerifiedFocus focus);
}
