package io.cybergraph.node.chain;

/**
 * What decides blocks: the one-validator producer today, the Tendermint engine tomorrow. An
 * engine makes or receives blocks through {@link ChainApp} (propose, verify, commit) and signs
 * through its own signer; the node only starts and stops it, so replacing the producer with
 * BFT consensus changes nothing else in the node.
 */
public interface BlockEngine extends AutoCloseable {

  /** Starts deciding blocks on its own thread(s). */
  void start();

  /**
   * Stops: finishes a block already being committed, abandons one not yet signed, and returns
   * when its threads are done.
   */
  @Override
  void close();
}
