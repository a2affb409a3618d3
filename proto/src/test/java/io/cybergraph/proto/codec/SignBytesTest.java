package io.cybergraph.proto.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.CanonicalProposal;
import io.cybergraph.proto.pb.CanonicalVote;
import io.cybergraph.proto.pb.PartSetHeader;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SignBytesTest {

  static final BlockID BLOCK =
      BlockID.newBuilder()
          .setHash(ByteString.copyFrom(new byte[32]))
          .setParts(PartSetHeader.newBuilder().setTotal(1).setHash(ByteString.copyFrom(new byte[32])))
          .build();

  static Vote vote(BlockID blockId) {
    return Vote.newBuilder()
        .setType(VoteType.VOTE_TYPE_PRECOMMIT)
        .setHeight(5)
        .setRound(1)
        .setBlockId(blockId)
        .setTimestampNs(1_700_000_000_000_000_000L)
        .setValidatorAddress(ByteString.copyFrom(new byte[20]))
        .setValidatorIndex(2)
        .setSignature(ByteString.copyFrom(new byte[64]))
        .build();
  }

  @Test
  void voteSignBytesAreTheCanonicalVote() throws Exception {
    byte[] signBytes = SignBytes.vote(vote(BLOCK), "cyber-1");
    CanonicalVote canonical = CanonicalVote.parseFrom(signBytes);
    assertEquals(VoteType.VOTE_TYPE_PRECOMMIT, canonical.getType());
    assertEquals(5, canonical.getHeight());
    assertEquals(1, canonical.getRound());
    assertEquals(BLOCK, canonical.getBlockId());
    assertEquals("cyber-1", canonical.getChainId());
    assertArrayEquals(signBytes, Protobufs.encode(canonical));
    // type 2, then sfixed64 height 5 (tag 0x11) and round 1 (tag 0x19)
    assertEquals(
        "0802" + "110500000000000000" + "190100000000000000",
        HexFormat.of().formatHex(signBytes, 0, 20));
  }

  @Test
  void signatureAddressAndIndexAreNotSigned() {
    Vote a = vote(BLOCK);
    Vote b = a.toBuilder().setValidatorIndex(9).setSignature(ByteString.EMPTY)
        .setValidatorAddress(ByteString.copyFrom(new byte[] {1})).build();
    assertArrayEquals(SignBytes.vote(a, "c"), SignBytes.vote(b, "c"));
    assertFalse(java.util.Arrays.equals(SignBytes.vote(a, "c"), SignBytes.vote(a, "d")));
    assertNotEquals(
        HexFormat.of().formatHex(SignBytes.vote(a, "c")),
        HexFormat.of().formatHex(SignBytes.vote(a.toBuilder().setRound(2).build(), "c")));
  }

  @Test
  void nilVotesSignWithoutBlockId() throws Exception {
    byte[] unset = SignBytes.vote(vote(BLOCK).toBuilder().clearBlockId().build(), "c");
    byte[] emptySet = SignBytes.vote(vote(BlockID.getDefaultInstance()), "c");
    assertArrayEquals(unset, emptySet);
    assertFalse(CanonicalVote.parseFrom(unset).hasBlockId());
  }

  @Test
  void proposalSignBytes() throws Exception {
    Proposal proposal =
        Proposal.newBuilder().setHeight(7).setRound(0).setPolRound(-1).setBlockId(BLOCK)
            .setTimestampNs(42).setProposerAddress(ByteString.copyFrom(new byte[20])).build();
    CanonicalProposal canonical = CanonicalProposal.parseFrom(SignBytes.proposal(proposal, "c"));
    assertEquals(VoteType.VOTE_TYPE_PROPOSAL, canonical.getType());
    assertEquals(-1, canonical.getPolRound());
    assertEquals(7, canonical.getHeight());
    assertEquals(BLOCK, canonical.getBlockId());
    assertEquals("c", canonical.getChainId());
  }
}
