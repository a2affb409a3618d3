package io.cybergraph.proto.codec;

import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.pb.TxBody;
import io.cybergraph.proto.pb.TxRaw;

/**
 * A transaction that passed {@link TxCodec#decode}: its bytes as received ({@code raw}, the
 * canonical encoding of {@code txRaw}), the decoded TxRaw and body, and the tx hash
 * SHA-256(raw). Arrays are not copied: do not modify them.
 */
public record DecodedTx(byte[] raw, TxRaw txRaw, TxBody body, byte[] hash) {

  /** The signer's 32-byte public key. */
  public byte[] publicKey() {
    return body.getPublicKey().toByteArray();
  }

  /** The signer's 20-byte address. */
  public byte[] signer() {
    return Address.fromPublicKey(publicKey());
  }

  /** True when the signature verifies over body_bytes exactly as sent. */
  public boolean signatureValid() {
    return Ed25519.verify(
        publicKey(), txRaw.getBodyBytes().toByteArray(), txRaw.getSignature().toByteArray());
  }
}
