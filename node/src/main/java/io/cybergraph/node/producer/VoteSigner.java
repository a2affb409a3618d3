package io.cybergraph.node.producer;

import io.cybergraph.proto.pb.Vote;

/**
 * Signs the validator's votes with double-sign protection: what is signed (height, round, step
 * and sign bytes) is recorded durably before the signature is returned, a second, different
 * vote at the same (height, round, step) is refused, and the same vote again gets the same
 * signature back.
 */
public interface VoteSigner {

  /**
   * {@code vote} with its signature.
   *
   * @throws DoubleSignException if it differs from a vote already signed at its height, round
   *     and step, or is below the last one signed
   */
  Vote sign(Vote vote);

  /** The last vote signed, as recorded (height 0 when none). */
  SignedRecord lastSigned();

  /** The 20-byte address of the signing key. */
  byte[] address();

  /**
   * The record of a signature given out.
   *
   * @param height vote height (0: nothing signed yet)
   * @param round vote round
   * @param step 1 proposal, 2 prevote, 3 precommit
   * @param signBytes the exact bytes signed
   * @param signature the signature
   */
  record SignedRecord(long height, int round, int step, byte[] signBytes, byte[] signature) {
    public static final SignedRecord NONE = new SignedRecord(0, 0, 0, new byte[0], new byte[0]);
  }
}
