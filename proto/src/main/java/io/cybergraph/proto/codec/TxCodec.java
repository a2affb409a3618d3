package io.cybergraph.proto.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.pb.Cyberlink;
import io.cybergraph.proto.pb.Link;
import io.cybergraph.proto.pb.Message;
import io.cybergraph.proto.pb.TxBody;
import io.cybergraph.proto.pb.TxRaw;
import java.util.Arrays;

/**
 * Decodes transactions as they arrive (RPC, mempool gossip, blocks) and refuses anything that is
 * not the one canonical encoding, so a transaction has one set of bytes and one hash.
 *
 * <p>Checks, in order: TxRaw parses; no unknown fields; TxRaw bytes are canonical; body_bytes
 * parses as TxBody; no unknown fields anywhere in it; body_bytes are canonical; public key 32
 * bytes; signature 64 bytes; at least one message; every message has its kind set. The signature
 * itself is checked by {@link #decodeAndVerify} (or {@link DecodedTx#signatureValid()}); chain id,
 * sequence, CIDs, amounts and bandwidth are the application's checks.
 */
public final class TxCodec {

  private TxCodec() {}

  /** Tx hash = SHA-256(TxRaw bytes). */
  public static byte[] txHash(byte[] txRaw) {
    return Hashes.sha256(txRaw);
  }

  /** Decodes and checks everything but the signature; {@link InvalidTxException} otherwise. */
  public static DecodedTx decode(byte[] raw) {
    if (raw == null || raw.length == 0) {
      throw new InvalidTxException(InvalidTxException.Reason.MALFORMED, "empty transaction");
    }
    TxRaw txRaw;
    try {
      txRaw = TxRaw.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidTxException(
          InvalidTxException.Reason.MALFORMED, "not a TxRaw: " + e.getMessage());
    }
    if (!txRaw.getUnknownFields().asMap().isEmpty()) {
      throw new InvalidTxException(
          InvalidTxException.Reason.UNKNOWN_FIELDS, "TxRaw has unknown fields");
    }
    if (!Arrays.equals(raw, Protobufs.encode(txRaw))) {
      throw new InvalidTxException(
          InvalidTxException.Reason.NON_CANONICAL_RAW,
          "TxRaw bytes are not the canonical encoding");
    }
    byte[] bodyBytes = txRaw.getBodyBytes().toByteArray();
    TxBody body;
    try {
      body = TxBody.parseFrom(bodyBytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidTxException(
          InvalidTxException.Reason.MALFORMED, "body_bytes is not a TxBody: " + e.getMessage());
    }
    checkNoUnknownFields(body);
    if (!Arrays.equals(bodyBytes, Protobufs.encode(body))) {
      throw new InvalidTxException(
          InvalidTxException.Reason.NON_CANONICAL_BODY,
          "body_bytes are not the canonical encoding of the body (field order, varint length,"
              + " explicit default values or repeated scalar fields)");
    }
    if (body.getPublicKey().size() != Ed25519.PUBLIC_KEY_LENGTH) {
      throw new InvalidTxException(
          InvalidTxException.Reason.BAD_PUBLIC_KEY,
          "public_key is " + body.getPublicKey().size() + " bytes, expected "
              + Ed25519.PUBLIC_KEY_LENGTH);
    }
    if (txRaw.getSignature().size() != Ed25519.SIGNATURE_LENGTH) {
      throw new InvalidTxException(
          InvalidTxException.Reason.BAD_SIGNATURE_LENGTH,
          "signature is " + txRaw.getSignature().size() + " bytes, expected "
              + Ed25519.SIGNATURE_LENGTH);
    }
    if (body.getMessagesCount() == 0) {
      throw new InvalidTxException(InvalidTxException.Reason.NO_MESSAGES, "no messages");
    }
    for (int i = 0; i < body.getMessagesCount(); i++) {
      if (body.getMessages(i).getSumCase() == Message.SumCase.SUM_NOT_SET) {
        throw new InvalidTxException(
            InvalidTxException.Reason.EMPTY_MESSAGE, "message " + i + " has no kind set");
      }
    }
    return new DecodedTx(raw.clone(), txRaw, body, txHash(raw));
  }

  /** {@link #decode} and then the Ed25519 signature over body_bytes. */
  public static DecodedTx decodeAndVerify(byte[] raw) {
    DecodedTx tx = decode(raw);
    if (!tx.signatureValid()) {
      throw new InvalidTxException(
          InvalidTxException.Reason.BAD_SIGNATURE, "signature does not verify");
    }
    return tx;
  }

  /** The TxRaw bytes for a body and its signature. */
  public static byte[] encodeRaw(byte[] bodyBytes, byte[] signature) {
    return Protobufs.encode(
        TxRaw.newBuilder()
            .setBodyBytes(ByteString.copyFrom(bodyBytes))
            .setSignature(ByteString.copyFrom(signature))
            .build());
  }

  private static void checkNoUnknownFields(TxBody body) {
    boolean unknown = !body.getUnknownFields().asMap().isEmpty();
    for (Message message : body.getMessagesList()) {
      unknown |= !message.getUnknownFields().asMap().isEmpty();
      if (message.hasCyberlink()) {
        Cyberlink cyberlink = message.getCyberlink();
        unknown |= !cyberlink.getUnknownFields().asMap().isEmpty();
        for (Link link : cyberlink.getLinksList()) {
          unknown |= !link.getUnknownFields().asMap().isEmpty();
        }
      }
      if (message.hasSend()) {
        unknown |= !message.getSend().getUnknownFields().asMap().isEmpty();
      }
    }
    if (unknown) {
      throw new InvalidTxException(
          InvalidTxException.Reason.UNKNOWN_FIELDS, "body has unknown fields");
    }
  }
}
