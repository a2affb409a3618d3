package io.cybergraph.consensus.engine;

import io.cybergraph.consensus.state.Step;

/** The node's clock: call {@link ConsensusEngine#onTimeout} once the delay has passed. */
public interface TimeoutScheduler {
  void schedule(long height, int round, Step step, long delayMillis);
}
