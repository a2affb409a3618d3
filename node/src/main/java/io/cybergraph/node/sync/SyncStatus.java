package io.cybergraph.node.sync;

/**
 * What block sync reports to {@code /status} and the logs.
 *
 * @param height the node's latest applied height
 * @param target the highest height a connected peer reports
 * @param peers peers block sync knows the height of
 * @param catchingUp true until the node first reaches its peers' height, then whenever it is
 *     more than one block behind the best peer
 * @param haltedReason why the node stopped following (a committed block disagrees with its own
 *     state), or null
 */
public record SyncStatus(
    long height, long target, int peers, boolean catchingUp, String haltedReason) {

  public boolean halted() {
    return haltedReason != null;
  }
}
