/**
 * The engine the node drives: machine, adaptor, WAL and signer together, talking to the node
 * through {@link io.cybergraph.consensus.engine.ConsensusNetwork}, {@link
 * io.cybergraph.consensus.engine.ConsensusApplication} and {@link
 * io.cybergraph.consensus.engine.TimeoutScheduler}.
 */
package io.cybergraph.consensus.engine;
