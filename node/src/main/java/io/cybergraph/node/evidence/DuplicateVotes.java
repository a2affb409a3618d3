package io.cybergraph.node.evidence;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.pb.DuplicateVoteEvidence;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.Vote;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The canonical form of a duplicate-vote evidence and the keys derived from it (docs/evidence.md):
 *
 * <ul>
 *   <li>order: {@code vote_a} is the vote whose block-id key is lower (unsigned bytewise), where
 *       the block-id key of a nil vote is empty and otherwise the deterministic encoding of its
 *       {@code BlockID}; so one pair of votes gives one evidence whatever order it was seen in;
 *   <li>equivocation key: validator address (20) ‖ height u64 ‖ round u32 ‖ type u8 — at most one
 *       piece of evidence per key is ever pending or committed;
 *   <li>hash: SHA-256 of the deterministic encoding of the {@code Evidence}.
 * </ul>
 */
public final class DuplicateVotes {
  private DuplicateVotes() {}

  /** The two votes as evidence in canonical order. */
  public static Evidence evidence(Vote a, Vote b) {
    boolean swap = Arrays.compareUnsigned(blockIdKey(a), blockIdKey(b)) > 0;
    return Evidence.newBuilder()
        .setDuplicateVote(
            DuplicateVoteEvidence.newBuilder()
                .setVoteA(swap ? b : a)
                .setVoteB(swap ? a : b))
        .build();
  }

  /** Empty for nil, else the deterministic encoding of the vote's block id. */
  public static byte[] blockIdKey(Vote vote) {
    return SignBytes.isNil(vote.getBlockId()) ? new byte[0] : Protobufs.encode(vote.getBlockId());
  }

  /** The equivocation key of a vote (its validator, height, round and type). */
  public static byte[] key(Vote vote) {
    ByteString address = vote.getValidatorAddress();
    ByteBuffer b = ByteBuffer.allocate(20 + 8 + 4 + 1);
    byte[] a = address.toByteArray();
    b.put(Arrays.copyOf(a, 20)); // checked to be 20 bytes by the verifier
    b.putLong(vote.getHeight()).putInt(vote.getRound()).put((byte) vote.getTypeValue());
    return b.array();
  }

  /** The equivocation key of an evidence (that of its first vote). */
  public static byte[] key(Evidence evidence) {
    return key(evidence.getDuplicateVote().getVoteA());
  }

  public static byte[] hash(Evidence evidence) {
    return Hashes.sha256(Protobufs.encode(evidence));
  }
}
