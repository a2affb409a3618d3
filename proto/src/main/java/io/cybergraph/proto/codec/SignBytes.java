package io.cybergraph.proto.codec;

import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.CanonicalProposal;
import io.cybergraph.proto.pb.CanonicalVote;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;

/**
 * What validators sign: the deterministic encoding of {@link CanonicalVote} or {@link
 * CanonicalProposal}, which carry the chain id and fixed-width height and round, and leave out the
 * validator's address, index and signature.
 *
 * <p>A nil vote (block_id without a hash) signs with block_id absent, so every nil vote of a
 * (height, round, type, time) has the same sign bytes whatever empty form its block_id had.
 */
public final class SignBytes {

  private SignBytes() {}

  /** Sign bytes of a prevote or precommit. */
  public static byte[] vote(Vote vote, String chainId) {
    CanonicalVote.Builder canonical =
        CanonicalVote.newBuilder()
            .setType(vote.getType())
            .setHeight(vote.getHeight())
            .setRound(vote.getRound())
            .setTimestampNs(vote.getTimestampNs())
            .setChainId(chainId);
    if (!isNil(vote.getBlockId())) {
      canonical.setBlockId(vote.getBlockId());
    }
    return Protobufs.encode(canonical.build());
  }

  /** Sign bytes of a proposal (type {@link VoteType#VOTE_TYPE_PROPOSAL}). */
  public static byte[] proposal(Proposal proposal, String chainId) {
    CanonicalProposal.Builder canonical =
        CanonicalProposal.newBuilder()
            .setType(VoteType.VOTE_TYPE_PROPOSAL)
            .setHeight(proposal.getHeight())
            .setRound(proposal.getRound())
            .setPolRound(proposal.getPolRound())
            .setTimestampNs(proposal.getTimestampNs())
            .setChainId(chainId);
    if (!isNil(proposal.getBlockId())) {
      canonical.setBlockId(proposal.getBlockId());
    }
    return Protobufs.encode(canonical.build());
  }

  /** True for the nil block id: no hash. */
  public static boolean isNil(BlockID blockId) {
    return blockId.getHash().isEmpty();
  }
}
