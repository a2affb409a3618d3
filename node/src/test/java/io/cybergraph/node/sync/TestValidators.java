package io.cybergraph.node.sync;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.util.Arrays;

/** Validator keys of a test chain (seed i = 32 bytes of 100 + i) and commits signed by them. */
final class TestValidators {
  final String chainId;
  final KeyPair[] keys;
  final ValidatorSet set;

  TestValidators(String chainId, long... powers) {
    this.chainId = chainId;
    keys = new KeyPair[powers.length];
    ValidatorSet.Builder b = ValidatorSet.newBuilder();
    for (int i = 0; i < powers.length; i++) {
      keys[i] = key(100 + i);
      b.addValidators(Validator.newBuilder()
          .setAddress(ByteString.copyFrom(keys[i].address()))
          .setPublicKey(ByteString.copyFrom(keys[i].publicKey()))
          .setPower(powers[i]));
    }
    set = b.build();
  }

  static KeyPair key(int i) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) i);
    return KeyPair.fromSeed(seed);
  }

  /** A precommit of validator {@code index} for {@code blockId}, signed. */
  Vote precommit(int index, long height, int round, BlockID blockId, long timeNs) {
    return precommit(keys[index], index, height, round, blockId, timeNs);
  }

  /** A precommit signed by {@code key} in the name of validator {@code index}. */
  Vote precommit(KeyPair key, int index, long height, int round, BlockID blockId, long timeNs) {
    Vote unsigned = Vote.newBuilder()
        .setType(VoteType.VOTE_TYPE_PRECOMMIT)
        .setHeight(height)
        .setRound(round)
        .setBlockId(blockId)
        .setTimestampNs(timeNs)
        .setValidatorAddress(ByteString.copyFrom(keys[index].address()))
        .setValidatorIndex(index)
        .build();
    return unsigned.toBuilder()
        .setSignature(ByteString.copyFrom(key.sign(SignBytes.vote(unsigned, chainId))))
        .build();
  }

  /** A commit signed by the validators at {@code signers}. */
  Commit commit(long height, BlockID blockId, long timeNs, int... signers) {
    Commit.Builder c = Commit.newBuilder().setHeight(height).setRound(0).setBlockId(blockId);
    for (int i : signers) {
      c.addPrecommits(precommit(i, height, 0, blockId, timeNs + i));
    }
    return c.build();
  }

  /** A commit signed by every validator. */
  Commit commitAll(long height, BlockID blockId, long timeNs) {
    int[] all = new int[keys.length];
    Arrays.setAll(all, i -> i);
    return commit(height, blockId, timeNs, all);
  }
}
