package io.cybergraph.node.consensus;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.pb.HasVote;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.util.HexFormat;

/**
 * Names of gossiped items within one height, for "what a peer has": a proposal by round, a
 * block part by part-set root and index, a vote by round, type, validator and block hash (so two
 * conflicting votes of one validator are two items: both travel, and the engine sees the
 * equivocation).
 */
final class GossipKeys {
  private static final HexFormat HEX = HexFormat.of();

  private GossipKeys() {}

  static String proposal(int round) {
    return "P" + round;
  }

  static String part(ByteString partsHash, int index) {
    return "B" + HEX.formatHex(partsHash.toByteArray()) + ":" + index;
  }

  static String vote(Vote v) {
    return vote(v.getRound(), v.getType(), v.getValidatorIndex(), v.getBlockId().getHash());
  }

  static String vote(HasVote h) {
    return vote(h.getRound(), h.getType(), h.getIndex(), h.getBlockHash());
  }

  static String vote(int round, VoteType type, int index, ByteString blockHash) {
    return "V" + round + ":" + type.getNumber() + ":" + index + ":"
        + HEX.formatHex(blockHash.toByteArray());
  }
}
