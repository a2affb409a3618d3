package io.cybergraph.node.evidence;

import com.google.protobuf.ByteString;
import io.cybergraph.consensus.engine.ConsensusNetwork;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.PartSetHeader;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST ONLY ({@code cyber start --unsafe-equivocate}, gated by {@link UnsafeEquivocation}):
 * wraps the path our consensus messages leave by and, after each own prevote or precommit,
 * sends a second vote of the same height, round and type for a block id that exists nowhere
 * (derived from the real vote), signed with the validator key directly — past the signer's
 * double-sign protection, which is the point. Every honest node then sees an equivocation.
 * The phantom block id can never gather a quorum, so this cannot make the chain fork or stall
 * while the equivocator holds less than 1/3 of the power.
 */
public final class EquivocatingNetwork implements ConsensusNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(EquivocatingNetwork.class);
  private static final byte[] DOMAIN =
      "cyber unsafe equivocation".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final ConsensusNetwork inner;
  private final KeyPair key;
  private final byte[] address;
  private final String chainId;

  public EquivocatingNetwork(ConsensusNetwork inner, KeyPair key, String chainId) {
    this.inner = inner;
    this.key = key;
    this.address = key.address();
    this.chainId = chainId;
    LOG.warn("UNSAFE: this validator signs a conflicting vote for every vote it sends"
        + " (--unsafe-equivocate, for tests only)");
  }

  @Override
  public void broadcast(Proposal proposal) {
    inner.broadcast(proposal);
  }

  @Override
  public void broadcast(Vote vote) {
    inner.broadcast(vote);
    if ((vote.getType() == VoteType.VOTE_TYPE_PREVOTE
            || vote.getType() == VoteType.VOTE_TYPE_PRECOMMIT)
        && Arrays.equals(vote.getValidatorAddress().toByteArray(), address)) {
      Vote twin = conflicting(vote);
      LOG.warn("height {} round {}: UNSAFE: sent a conflicting {} for phantom block {}",
          vote.getHeight(), vote.getRound(), EvidenceVerifier.typeName(vote),
          java.util.HexFormat.of().formatHex(twin.getBlockId().getHash().toByteArray()));
      inner.broadcast(twin);
    }
  }

  /** The same vote for a phantom block id, signed. */
  public Vote conflicting(Vote vote) {
    byte[] phantom = Hashes.sha256(DOMAIN,
        ByteBuffer.allocate(13).putLong(vote.getHeight()).putInt(vote.getRound())
            .put((byte) vote.getTypeValue()).array(),
        DuplicateVotes.blockIdKey(vote));
    BlockID id = BlockID.newBuilder()
        .setHash(ByteString.copyFrom(phantom))
        .setParts(PartSetHeader.newBuilder().setTotal(1).setHash(ByteString.copyFrom(phantom)))
        .build();
    Vote unsigned = vote.toBuilder().setBlockId(id).clearSignature().build();
    byte[] signature = key.sign(SignBytes.vote(unsigned, chainId));
    return unsigned.toBuilder().setSignature(ByteString.copyFrom(signature)).build();
  }
}
