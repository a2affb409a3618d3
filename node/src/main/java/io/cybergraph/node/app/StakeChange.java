package io.cybergraph.node.app;

/**
 * A neuron's stake from a block on, for the rank engine's {@code setStake(neuron, stake)}.
 *
 * @param address the 20-byte address
 * @param neuron the bech32 address: the neuron id in the rank engine
 * @param stake the new balance
 */
public record StakeChange(ByteKey address, String neuron, long stake) {}
