package io.cybergraph.store;

/**
 * Evidence as committed: the height of the block that carries it, its hash and its encoding.
 */
public record CommittedEvidence(long height, byte[] hash, byte[] evidence) {}
