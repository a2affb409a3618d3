package io.cybergraph.consensus.adaptor;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.consensus.state.Value;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.pb.BlockID;

/**
 * BlockID ⟷ the machine's {@link Value}: a value is the deterministic encoding of a non-nil
 * BlockID, and nil (a BlockID without hash) is {@code null}.
 */
public final class BlockIds {
  private BlockIds() {}

  /** The value of {@code id}, or null for nil. */
  public static Value toValue(BlockID id) {
    return SignBytes.isNil(id) ? null : Value.of(Protobufs.encode(id));
  }

  /** The BlockID of a value (the empty BlockID for null). */
  public static BlockID toBlockId(Value value) {
    if (value == null) {
      return BlockID.getDefaultInstance();
    }
    try {
      return BlockID.parseFrom(value.bytes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an encoded BlockID: " + value, e);
    }
  }

  /**
   * Why a vote's BlockID is malformed (null if it is fine): nil is the empty BlockID (a nil vote
   * signs none of it, so anything in it would be unsigned bytes), else as {@link #problem}.
   */
  public static String voteProblem(BlockID id) {
    if (SignBytes.isNil(id)) {
      return id.equals(BlockID.getDefaultInstance()) ? null : "a nil block id carries parts";
    }
    return problem(id);
  }

  /**
   * Why a non-nil BlockID is malformed (null if it is fine): a 32-byte hash and a part set header
   * of at least one part with a 32-byte root.
   */
  public static String problem(BlockID id) {
    if (id.getHash().size() != Hashes.SHA256_LENGTH) {
      return "block hash must be 32 bytes";
    }
    if (id.getParts().getTotal() < 1) {
      return "a block has at least one part";
    }
    if (id.getParts().getHash().size() != Hashes.SHA256_LENGTH) {
      return "part set hash must be 32 bytes";
    }
    return null;
  }
}
