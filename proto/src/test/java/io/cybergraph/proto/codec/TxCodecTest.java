package io.cybergraph.proto.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.cybergraph.proto.codec.InvalidTxException.Reason;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Message;
import io.cybergraph.proto.pb.TxBody;
import io.cybergraph.proto.pb.TxRaw;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxCodecTest {

  static final String FROM = "QmRJzsvyCQyizr73Gmms8ZRtvNxmgqumxc2KUp71dfEmoj";
  static final String TO = "bafkreih25dih6ug3xtj73vswccw423b56ilrwmnos4cbwhrceudopdp5sq";
  private final KeyPair keys = KeyPair.fromSeed(Hashes.sha256("tx codec test".getBytes()));

  private byte[] signedTx(long sequence) {
    return TxBuilder.build(
        "cyber-test",
        keys,
        sequence,
        List.of(TxBuilder.cyberlink(FROM, TO), TxBuilder.send(new byte[20], 7)),
        "memo");
  }

  @Test
  void builtTransactionsDecodeAndVerify() {
    byte[] raw = signedTx(3);
    DecodedTx tx = TxCodec.decodeAndVerify(raw);
    assertArrayEquals(raw, tx.raw());
    assertArrayEquals(Hashes.sha256(raw), tx.hash());
    assertArrayEquals(TxCodec.txHash(raw), tx.hash());
    assertEquals("cyber-test", tx.body().getChainId());
    assertEquals(3, tx.body().getSequence());
    assertEquals(FROM, tx.body().getMessages(0).getCyberlink().getLinks(0).getFrom());
    assertEquals(7, tx.body().getMessages(1).getSend().getAmount());
    assertArrayEquals(keys.publicKey(), tx.publicKey());
    assertArrayEquals(Address.fromPublicKey(keys.publicKey()), tx.signer());
    // round trip: re-encoding the decoded message gives the same bytes
    assertArrayEquals(raw, Protobufs.encode(tx.txRaw()));
    assertArrayEquals(tx.txRaw().getBodyBytes().toByteArray(), Protobufs.encode(tx.body()));
  }

  @Test
  void fieldsOutOfOrderAreRefusedAsNonCanonical() throws IOException {
    TxBody body = TxCodec.decode(signedTx(1)).body();
    // same fields, memo (5) written before chain_id (1)
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeString(5, body.getMemo());
    out.writeString(1, body.getChainId());
    out.writeBytes(2, body.getPublicKey());
    out.writeUInt64(3, body.getSequence());
    for (Message m : body.getMessagesList()) {
      out.writeMessage(4, m);
    }
    out.flush();
    byte[] reordered = bytes.toByteArray();
    assertEquals(body, TxBody.parseFrom(reordered)); // the same body...
    assertRefused(signed(reordered), Reason.NON_CANONICAL_BODY); // ...but not its encoding
  }

  @Test
  void nonMinimalVarintIsRefused() {
    TxBody body = TxCodec.decode(signedTx(1)).body();
    byte[] canonical = Protobufs.encode(body);
    // sequence field (after chain_id and public_key): tag 0x18 then varint 0x01;
    // rewrite it as the two-byte varint 0x81 0x00
    int at =
        CodedOutputStream.computeStringSize(1, body.getChainId())
            + CodedOutputStream.computeBytesSize(2, body.getPublicKey());
    assertEquals(0x18, canonical[at]);
    assertEquals(0x01, canonical[at + 1]);
    byte[] padded = new byte[canonical.length + 1];
    System.arraycopy(canonical, 0, padded, 0, at + 1);
    padded[at + 1] = (byte) 0x81;
    padded[at + 2] = 0x00;
    System.arraycopy(canonical, at + 2, padded, at + 3, canonical.length - at - 2);
    assertRefused(signed(padded), Reason.NON_CANONICAL_BODY);
  }

  @Test
  void explicitDefaultAndDuplicateFieldsAreRefused() throws IOException {
    TxBody body = TxCodec.decode(signedTx(0)).body();
    byte[] canonical = Protobufs.encode(body);
    // sequence 0 written explicitly (proto3 omits it)
    assertRefused(signed(concat(canonical, new byte[] {0x18, 0x00})), Reason.NON_CANONICAL_BODY);
    // chain_id written twice (the last one wins when parsing)
    assertRefused(
        signed(concat(canonical, new byte[] {0x0a, 0x01, 'x'})), Reason.NON_CANONICAL_BODY);
  }

  @Test
  void unknownFieldsAreRefused() {
    byte[] canonical = Protobufs.encode(TxCodec.decode(signedTx(1)).body());
    // field 15, varint 1 at the end: re-encoding would keep it, so it is checked explicitly
    assertRefused(signed(concat(canonical, new byte[] {0x78, 0x01})), Reason.UNKNOWN_FIELDS);
    byte[] raw = signedTx(1);
    assertRefused(concat(raw, new byte[] {0x78, 0x01}), Reason.UNKNOWN_FIELDS);
  }

  @Test
  void nonCanonicalRawAndMalformedBytesAreRefused() throws IOException {
    TxRaw txRaw = TxRaw.parseFrom(signedTx(1));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeBytes(2, txRaw.getSignature());
    out.writeBytes(1, txRaw.getBodyBytes());
    out.flush();
    assertRefused(bytes.toByteArray(), Reason.NON_CANONICAL_RAW);
    assertRefused(new byte[0], Reason.MALFORMED);
    assertRefused(new byte[] {0x0a, 0x05, 1}, Reason.MALFORMED); // truncated length
    assertRefused(new byte[] {(byte) 0xff}, Reason.MALFORMED);
    assertRefused(TxCodec.encodeRaw(new byte[] {0x0a, 0x02, (byte) 0xc3, 0x28}, new byte[64]),
        Reason.MALFORMED); // chain_id is not UTF-8
  }

  @Test
  void structuralChecks() {
    TxBody body = TxCodec.decode(signedTx(1)).body();
    assertRefused(
        signed(Protobufs.encode(body.toBuilder().setPublicKey(ByteString.copyFrom(new byte[31])).build())),
        Reason.BAD_PUBLIC_KEY);
    assertRefused(
        TxCodec.encodeRaw(Protobufs.encode(body), new byte[63]), Reason.BAD_SIGNATURE_LENGTH);
    assertRefused(signed(Protobufs.encode(body.toBuilder().clearMessages().build())), Reason.NO_MESSAGES);
    assertRefused(
        signed(Protobufs.encode(body.toBuilder().addMessages(Message.getDefaultInstance()).build())),
        Reason.EMPTY_MESSAGE);
  }

  @Test
  void badSignatureIsRefusedOnlyByVerify() {
    byte[] bodyBytes = TxCodec.decode(signedTx(1)).txRaw().getBodyBytes().toByteArray();
    byte[] signature = keys.sign(bodyBytes);
    signature[10] ^= 1;
    byte[] raw = TxCodec.encodeRaw(bodyBytes, signature);
    assertFalse(TxCodec.decode(raw).signatureValid());
    assertRefused(raw, Reason.BAD_SIGNATURE);
    assertTrue(TxCodec.decode(signedTx(2)).signatureValid());
  }

  private byte[] signed(byte[] bodyBytes) {
    return TxCodec.encodeRaw(bodyBytes, keys.sign(bodyBytes));
  }

  private static void assertRefused(byte[] raw, Reason reason) {
    InvalidTxException e =
        assertThrows(InvalidTxException.class, () -> TxCodec.decodeAndVerify(raw));
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().startsWith(reason.name() + ": "), e.getMessage());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
