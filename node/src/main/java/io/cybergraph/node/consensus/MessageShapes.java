package io.cybergraph.node.consensus;

import io.cybergraph.consensus.adaptor.BlockIds;
import io.cybergraph.consensus.adaptor.SignedShape;
import io.cybergraph.proto.codec.PartSet;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.pb.ConsensusMessage;
import io.cybergraph.proto.pb.HasVote;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Vote;

/**
 * The sizes a consensus message may have, checked by the reactor before anything is queued or
 * kept. Votes and proposals for the next height wait unverified, and what a peer says it has is
 * remembered per peer; without these bounds a peer could make each cost megabytes (an 8 MiB
 * "signature", a junk hash, an unknown field, which protobuf keeps).
 */
final class MessageShapes {
  /** A step, a vote, a proposal or a HasVote encodes in under 300 bytes. */
  static final int MAX_SMALL_MESSAGE_BYTES = 1024;
  /** A block part: up to 64 KiB of block, a proof of ≤ 10 hashes and the part set header. */
  static final int MAX_PART_MESSAGE_BYTES = PartSet.PART_SIZE + 1024;

  private MessageShapes() {}

  /** Why {@code m}, received as {@code bytes} bytes, is malformed; null if it is not. */
  static String problem(ConsensusMessage m, int bytes) {
    int max = m.getSumCase() == ConsensusMessage.SumCase.BLOCK_PART
        ? MAX_PART_MESSAGE_BYTES
        : MAX_SMALL_MESSAGE_BYTES;
    if (bytes > max) {
      return m.getSumCase().name().toLowerCase(java.util.Locale.ROOT) + " message of " + bytes
          + " bytes (at most " + max + ")";
    }
    return switch (m.getSumCase()) {
      case PROPOSAL -> of(m.getProposal());
      case VOTE -> of(m.getVote());
      case HAS_VOTE -> of(m.getHasVote());
      default -> null;
    };
  }

  private static String of(Proposal p) {
    String problem = BlockIds.problem(p.getBlockId());
    if (problem == null) {
      problem = SignedShape.ofSigned(p.getProposerAddress(), p.getSignature());
    }
    return problem == null ? null : "proposal: " + problem;
  }

  private static String of(Vote v) {
    String problem = SignedShape.ofVote(v);
    return problem == null ? null : "vote: " + problem;
  }

  private static String of(HasVote h) {
    int hash = h.getBlockHash().size();
    return hash == 0 || hash == Hashes.SHA256_LENGTH
        ? null
        : "HasVote: block hash of " + hash + " bytes (0 or 32)";
  }
}
