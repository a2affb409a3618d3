package io.cybergraph.node.evidence;

import com.google.protobuf.ByteString;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.PartSetHeader;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.nio.charset.StandardCharsets;

/** Signed votes and validator sets for evidence tests (real Ed25519 signatures). */
public final class Votes {
  public static final String CHAIN_ID = TestChain.CHAIN_ID;

  private Votes() {}

  /** Validators key(base) .. key(base + n − 1), power 10 each, in that order. */
  public static ValidatorSet set(int base, int n) {
    ValidatorSet.Builder b = ValidatorSet.newBuilder();
    for (int i = 0; i < n; i++) {
      KeyPair k = TestChain.key(base + i);
      b.addValidators(Validator.newBuilder()
          .setAddress(ByteString.copyFrom(k.address()))
          .setPublicKey(ByteString.copyFrom(k.publicKey()))
          .setPower(10));
    }
    return b.build();
  }

  /** A block id named by {@code label}, or nil for null. */
  public static BlockID blockId(String label) {
    if (label == null) {
      return BlockID.getDefaultInstance();
    }
    ByteString hash = ByteString.copyFrom(Hashes.sha256(label.getBytes(StandardCharsets.UTF_8)));
    return BlockID.newBuilder().setHash(hash)
        .setParts(PartSetHeader.newBuilder().setTotal(1).setHash(hash)).build();
  }

  /** A signed vote of validator {@code index} with key {@code key}. */
  public static Vote vote(KeyPair key, int index, VoteType type, long height, int round,
      String block) {
    Vote unsigned = Vote.newBuilder()
        .setType(type).setHeight(height).setRound(round).setBlockId(blockId(block))
        .setTimestampNs(1_700_000_000_000_000_000L + height)
        .setValidatorAddress(ByteString.copyFrom(key.address()))
        .setValidatorIndex(index)
        .build();
    return resign(unsigned, key);
  }

  public static Vote resign(Vote vote, KeyPair key) {
    Vote unsigned = vote.toBuilder().clearSignature().build();
    return unsigned.toBuilder()
        .setSignature(ByteString.copyFrom(key.sign(SignBytes.vote(unsigned, CHAIN_ID)))).build();
  }

  /** Conflicting precommits of validator {@code index} at (height, round 0) for blocks A and B. */
  public static io.cybergraph.proto.pb.Evidence equivocation(KeyPair key, int index, long height) {
    return DuplicateVotes.evidence(
        vote(key, index, VoteType.VOTE_TYPE_PRECOMMIT, height, 0, "A" + height),
        vote(key, index, VoteType.VOTE_TYPE_PRECOMMIT, height, 0, "B" + height));
  }
}
