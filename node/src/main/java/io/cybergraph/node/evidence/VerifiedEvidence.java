package io.cybergraph.node.evidence;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.store.NewEvidence;

/**
 * Evidence that passed {@link EvidenceVerifier}, with its keys.
 *
 * @param key the equivocation key (validator, height, round, type)
 * @param hash SHA-256 of the encoded evidence
 * @param power the validator's voting power at that height
 */
public record VerifiedEvidence(ByteKey key, ByteKey hash, Evidence evidence, long power) {

  /** Height of the conflicting votes. */
  public long height() {
    return voteA().getHeight();
  }

  public Vote voteA() {
    return evidence.getDuplicateVote().getVoteA();
  }

  /** What the store keeps. */
  public NewEvidence toStore() {
    return new NewEvidence(key.bytes(), hash.bytes(), Protobufs.encode(evidence));
  }

  /** Of evidence already verified (read back from the store or a committed block). */
  public static VerifiedEvidence of(Evidence evidence, long power) {
    return new VerifiedEvidence(ByteKey.of(DuplicateVotes.key(evidence)),
        ByteKey.of(DuplicateVotes.hash(evidence)), evidence, power);
  }
}
