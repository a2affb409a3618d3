package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;

/**
 * A link added by a block, in execution order.
 *
 * @param neuron the signer's 20-byte address
 * @param neuronText the signer's bech32 address: the neuron id in the rank engine
 * @param from the source particle (its first-seen text is the rank engine's id)
 * @param to the target particle
 * @param txIndex the index in the block of the tx that carried it
 */
public record ExecutedLink(
    ByteKey neuron, String neuronText, ParticleRef from, ParticleRef to, int txIndex) {}
