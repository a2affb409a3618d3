package io.cybergraph.consensus.adaptor;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.pb.Vote;

/**
 * The fixed sizes of a signed consensus message's fields, checked before anything is kept: a
 * 20-byte signer address and a 64-byte Ed25519 signature (and, for a vote, its block id). Used
 * by the node's reactor on arrival and by the evidence verifier on votes carried in evidence.
 */
public final class SignedShape {
  private SignedShape() {}

  /** Why a vote's fields have the wrong shape (null if they are fine). */
  public static String ofVote(Vote v) {
    String id = BlockIds.voteProblem(v.getBlockId());
    return id != null ? id : ofSigned(v.getValidatorAddress(), v.getSignature());
  }

  /** Why a signer address or signature has the wrong length (null if both are fine). */
  public static String ofSigned(ByteString address, ByteString signature) {
    if (address.size() != Address.LENGTH) {
      return "address of " + address.size() + " bytes (" + Address.LENGTH + ")";
    }
    if (signature.size() != Ed25519.SIGNATURE_LENGTH) {
      return "signature of " + signature.size() + " bytes (" + Ed25519.SIGNATURE_LENGTH + ")";
    }
    return null;
  }
}
