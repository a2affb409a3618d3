/**
 * The pure Tendermint state machine: {@link io.cybergraph.consensus.state.TendermintMachine} takes
 * {@link io.cybergraph.consensus.state.Event}s and returns {@link
 * io.cybergraph.consensus.state.Action}s; no threads, clocks or I/O. Votes are counted in {@code
 * VoteSet}, the proposer is chosen by {@code ProposerRule}.
 */
package io.cybergraph.consensus.state;
