/**
 * Evidence of equivocation (docs/evidence.md): two conflicting signed votes of one validator
 * become {@code DuplicateVoteEvidence}, are checked ({@link
 * io.cybergraph.node.evidence.EvidenceVerifier}), kept in a persisted pool ({@link
 * io.cybergraph.node.evidence.EvidencePool}), gossiped ({@link
 * io.cybergraph.node.evidence.EvidenceGossip}), included in blocks and checked by every node
 * ({@link io.cybergraph.node.evidence.BlockEvidence}).
 */
package io.cybergraph.node.evidence;
