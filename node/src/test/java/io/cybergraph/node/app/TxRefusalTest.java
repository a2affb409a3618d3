package io.cybergraph.node.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cybergraph.node.app.tx.Refusal;
import io.cybergraph.node.app.tx.RefusalCode;
import io.cybergraph.node.app.tx.TxRefusedException;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.mempool.Mempool;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.codec.TxCodec;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Message;
import io.cybergraph.proto.pb.Send;
import io.cybergraph.proto.pb.TxBody;
import io.cybergraph.proto.pb.TxRaw;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every refusal reason with a real signed tx, through both doors: the block executor (the block
 * is invalid, naming the tx) and the mempool (the tx is refused); neither changes any state.
 */
class TxRefusalTest {
  // T = 100, W = 10, balances 50, 30, 20, 0: capacities 50, 30, 20, 0
  private final TestChain chain = new TestChain(100, 10, 50, 30, 20, 0);
  private final Mempool mempool = new Mempool(limits(), chain.state, chain.preparer);

  private static NodeConfig.MempoolSection limits() {
    NodeConfig.MempoolSection m = new NodeConfig.MempoolSection();
    m.maxTxs = 100;
    m.maxBytes = 1 << 20;
    m.maxTxBytes = 4096;
    m.cacheSize = 1000;
    m.ttlBlocks = 10;
    return m;
  }

  /** Refused by the mempool and invalid as a one-tx block, with the same refusal; no change. */
  private Refusal refused(byte[] raw) {
    byte[] appHash = chain.state.appHash();
    TxRefusedException byMempool = assertThrows(TxRefusedException.class, () -> mempool.add(raw));
    InvalidBlockException inBlock =
        assertThrows(
            InvalidBlockException.class,
            () -> chain.executor.execute(chain.state.height() + 1, List.of(raw)));
    assertEquals(byMempool.refusal(), inBlock.refusal());
    assertEquals(0, inBlock.txIndex());
    assertArrayEquals(TxCodec.txHash(raw), inBlock.txHash().bytes());
    assertEquals(0, mempool.size());
    assertArrayEquals(appHash, chain.state.appHash());
    return byMempool.refusal();
  }

  /** Commits a block and tells the mempool, as the node does. */
  private void commit(byte[]... txs) {
    BlockExecution e = chain.commit(txs);
    mempool.update(e.height(), e.txHashes());
  }

  private static byte[] raw(TxBody body, KeyPair keys) {
    byte[] bodyBytes = Protobufs.encode(body);
    return TxCodec.encodeRaw(bodyBytes, keys.sign(bodyBytes));
  }

  private TxBody.Builder body(int signer, long sequence) {
    return TxBody.newBuilder()
        .setChainId(TestChain.CHAIN_ID)
        .setPublicKey(ByteString.copyFrom(chain.keys[signer].publicKey()))
        .setSequence(sequence);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private byte[] validLink() {
    return chain.links(0, 0, 1, 2);
  }

  // --- encoding ---

  @Test
  void malformedBytes() {
    assertEquals(RefusalCode.MALFORMED, refused(new byte[] {(byte) 0xff, 0x01, 0x02}).code());
    assertEquals(RefusalCode.MALFORMED, refused(new byte[0]).code());
  }

  @Test
  void unknownFields() {
    byte[] raw = concat(validLink(), new byte[] {0x18, 0x01}); // TxRaw field 3
    assertEquals(RefusalCode.UNKNOWN_FIELDS, refused(raw).code());
    // a message kind this version does not know (Message field 3) is an unknown field too
    byte[] messageOfKind3 = new byte[] {0x22, 0x02, 0x1a, 0x00}; // messages[0] = {3: ""}
    byte[] bodyBytes = concat(Protobufs.encode(body(0, 0).build()), messageOfKind3);
    byte[] tx = TxCodec.encodeRaw(bodyBytes, chain.keys[0].sign(bodyBytes));
    assertEquals(RefusalCode.UNKNOWN_FIELDS, refused(tx).code());
  }

  @Test
  void nonCanonicalRaw() {
    TxRaw parsed;
    try {
      parsed = TxRaw.parseFrom(validLink());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    // signature (field 2) before body_bytes (field 1)
    byte[] sig = Protobufs.encode(TxRaw.newBuilder().setSignature(parsed.getSignature()).build());
    byte[] body = Protobufs.encode(TxRaw.newBuilder().setBodyBytes(parsed.getBodyBytes()).build());
    assertEquals(RefusalCode.NON_CANONICAL_RAW, refused(concat(sig, body)).code());
  }

  @Test
  void nonCanonicalBody() {
    byte[] canonical = Protobufs.encode(body(0, 0).addMessages(chain.send(1, 5)).build());
    byte[] withEmptyMemo = concat(canonical, new byte[] {0x2a, 0x00}); // explicit default memo
    byte[] raw = TxCodec.encodeRaw(withEmptyMemo, chain.keys[0].sign(withEmptyMemo));
    assertEquals(RefusalCode.NON_CANONICAL_BODY, refused(raw).code());
  }

  @Test
  void badPublicKey() {
    TxBody body =
        body(0, 0)
            .setPublicKey(ByteString.copyFrom(new byte[31]))
            .addMessages(chain.send(1, 5))
            .build();
    assertEquals(RefusalCode.BAD_PUBLIC_KEY, refused(raw(body, chain.keys[0])).code());
  }

  @Test
  void badSignatureLength() {
    byte[] bodyBytes = Protobufs.encode(body(0, 0).addMessages(chain.send(1, 5)).build());
    byte[] raw = TxCodec.encodeRaw(bodyBytes, new byte[63]);
    assertEquals(RefusalCode.BAD_SIGNATURE_LENGTH, refused(raw).code());
  }

  @Test
  void badSignature() {
    byte[] bodyBytes = Protobufs.encode(body(0, 0).addMessages(chain.send(1, 5)).build());
    byte[] signature = chain.keys[0].sign(bodyBytes);
    signature[5] ^= 1;
    assertEquals(
        RefusalCode.BAD_SIGNATURE, refused(TxCodec.encodeRaw(bodyBytes, signature)).code());
    // signed by another key than the one in the body
    byte[] otherSigner = TxCodec.encodeRaw(bodyBytes, chain.keys[1].sign(bodyBytes));
    assertEquals(RefusalCode.BAD_SIGNATURE, refused(otherSigner).code());
  }

  @Test
  void emptyTx() {
    Refusal r = refused(chain.tx(0, 0));
    assertEquals(RefusalCode.EMPTY_TX, r.code());
    assertEquals("no messages", r.message(), "the message does not repeat another code's name");
  }

  @Test
  void unknownMessage() {
    byte[] raw = chain.tx(0, 0, Message.newBuilder().build());
    assertEquals(RefusalCode.UNKNOWN_MESSAGE, refused(raw).code());
  }

  // --- the tx alone ---

  @Test
  void wrongChainId() {
    byte[] raw =
        TxBuilder.build("other-chain", chain.keys[0], 0, List.of(chain.send(1, 5)), "");
    Refusal r = refused(raw);
    assertEquals(RefusalCode.WRONG_CHAIN_ID, r.code());
    assertEquals(Map.of("expected", TestChain.CHAIN_ID, "got", "other-chain"), r.details());
  }

  /** A memo costs no bandwidth: its size is capped (UTF-8 bytes) so bytes are not free. */
  @Test
  void memoLongerThanTheLimitInUtf8Bytes() {
    String atLimit = "x".repeat(TestChain.MAX_MEMO_BYTES);
    chain.preparer.prepare(TxBuilder.build(TestChain.CHAIN_ID, chain.keys[0], 0,
        List.of(chain.send(1, 5)), atLimit));
    String overByOneByte = "é" + "x".repeat(TestChain.MAX_MEMO_BYTES - 1); // é is 2 bytes
    Refusal r = refused(
        TxBuilder.build(TestChain.CHAIN_ID, chain.keys[0], 0, List.of(chain.send(1, 5)),
            overByOneByte));
    assertEquals(RefusalCode.MEMO_TOO_LONG, r.code());
    assertEquals(Map.of("bytes", "257", "limit", "256"), r.details());
  }

  @Test
  void tooManyLinksCountsAllCyberlinkMessages() {
    TestChain small = TestChain.withLimits(3, 20_000, 4 << 20, 100, 10, 50);
    Message two =
        TxBuilder.cyberlink(
            List.of(
                TxBuilder.link(TestChain.cid(1), TestChain.cid(2)),
                TxBuilder.link(TestChain.cid(1), TestChain.cid(3))));
    byte[] raw = small.tx(0, 0, two, two); // 4 links; the repeat is not reached
    Refusal r = small.preparerRefusal(raw);
    assertEquals(RefusalCode.TOO_MANY_LINKS, r.code());
    assertEquals(Map.of("links", "4", "limit", "3"), r.details());
    InvalidBlockException e =
        assertThrows(InvalidBlockException.class, () -> small.executor.execute(1, List.of(raw)));
    assertEquals(r, e.refusal());
    small.commit(small.links(0, 0, 1, 2, 1, 3, 1, 4)); // exactly the limit passes
  }

  @Test
  void emptyCyberlink() {
    byte[] raw = chain.tx(0, 0, TxBuilder.cyberlink(List.of()));
    assertEquals(RefusalCode.EMPTY_CYBERLINK, refused(raw).code());
  }

  @Test
  void invalidCidNamesTheEndAndTheValue() {
    byte[] badTo = chain.tx(0, 0, TxBuilder.cyberlink(TestChain.cid(1), "not-a-cid"));
    Refusal r = refused(badTo);
    assertEquals(RefusalCode.INVALID_CID, r.code());
    assertTrue(r.message().contains("message 0 link 0 to"), r.message());
    assertTrue(r.message().contains("not-a-cid"), r.message());
    // identity multihash (raw codec, identity, 32 bytes)
    byte[] identity = new byte[36];
    identity[0] = 1;
    identity[1] = 0x55;
    identity[2] = 0;
    identity[3] = 32;
    String identityCid = "b" + io.cybergraph.proto.cid.Base32.encode(identity);
    byte[] badFrom = chain.tx(0, 0, TxBuilder.cyberlink(identityCid, TestChain.cid(1)));
    Refusal r2 = refused(badFrom);
    assertEquals(RefusalCode.INVALID_CID, r2.code());
    assertTrue(r2.message().contains("identity"), r2.message());
  }

  @Test
  void selfLinkIncludingTheTwoFormsOfOneParticle() {
    assertEquals(
        RefusalCode.SELF_LINK,
        refused(chain.tx(0, 0, TxBuilder.cyberlink(TestChain.cid(1), TestChain.cid(1)))).code());
    assertEquals(
        RefusalCode.SELF_LINK,
        refused(chain.tx(0, 0, TxBuilder.cyberlink(TestChain.cid(1), TestChain.cidV1(1))))
            .code());
  }

  @Test
  void duplicateLinkInTxIncludingTheOtherCidForm() {
    Message twice =
        TxBuilder.cyberlink(
            List.of(
                TxBuilder.link(TestChain.cid(1), TestChain.cid(2)),
                TxBuilder.link(TestChain.cidV1(1), TestChain.cid(2))));
    assertEquals(RefusalCode.DUPLICATE_LINK_IN_TX, refused(chain.tx(0, 0, twice)).code());
    // the reverse direction is another link
    mempool.add(chain.links(0, 0, 1, 2, 2, 1));
  }

  @Test
  void badRecipient() {
    Message toShort =
        Message.newBuilder()
            .setSend(Send.newBuilder().setTo(ByteString.copyFrom(new byte[19])).setAmount(1))
            .build();
    assertEquals(RefusalCode.BAD_RECIPIENT, refused(chain.tx(0, 0, toShort)).code());
  }

  @Test
  void zeroAmount() {
    Message zero =
        Message.newBuilder()
            .setSend(Send.newBuilder().setTo(ByteString.copyFrom(chain.keys[1].address())))
            .build();
    assertEquals(RefusalCode.ZERO_AMOUNT, refused(chain.tx(0, 0, zero)).code());
  }

  // --- against the state ---

  @Test
  void zeroStakeForUnknownAndEmptyAccounts() {
    assertEquals(RefusalCode.ZERO_STAKE, refused(chain.links(4, 0, 1, 2)).code()); // no account
    assertEquals(RefusalCode.ZERO_STAKE, refused(chain.links(3, 0, 1, 2)).code()); // balance 0
    // an account that sent all it had has no stake left
    commit(chain.tx(2, 0, chain.send(1, 20)));
    assertEquals(0, chain.account(2).balance());
    assertEquals(RefusalCode.ZERO_STAKE, refused(chain.links(2, 1, 1, 2)).code());
  }

  @Test
  void sequenceMismatchGivesExpectedAndGot() {
    Refusal ahead = refused(chain.links(0, 1, 1, 2));
    assertEquals(RefusalCode.SEQUENCE_MISMATCH, ahead.code());
    assertEquals(Map.of("expected", "0", "got", "1"), ahead.details());
    commit(chain.links(0, 0, 1, 2));
    Refusal behind = refused(chain.links(0, 0, 1, 3));
    assertEquals(Map.of("expected", "1", "got", "0"), behind.details());
    Refusal huge = refused(chain.links(0, -1, 1, 3));
    assertEquals(Map.of("expected", "1", "got", "18446744073709551615"), huge.details());
  }

  @Test
  void notEnoughBandwidthGivesAvailableAndNeeded() {
    // account 2: capacity 20, full at genesis; W = 10 so it refills 2 per block
    commit(linksTx(2, 0, 18)); // height 1: 20 - 18 = 2 left
    Refusal r = refused(linksTx(2, 1, 5)); // height 2: 2 + 2 = 4 available
    assertEquals(RefusalCode.NOT_ENOUGH_BANDWIDTH, r.code());
    assertEquals(Map.of("available", "4", "needed", "5"), r.details());
    mempool.add(linksTx(2, 1, 4)); // exactly what is available
  }

  @Test
  void duplicateLinkOnChainEarlierInTheBlockAndInAnotherForm() {
    commit(chain.links(0, 0, 1, 2));
    Refusal onChain = refused(chain.links(0, 1, 1, 2));
    assertEquals(RefusalCode.DUPLICATE_LINK, onChain.code());
    assertEquals(Map.of("from", TestChain.cid(1), "to", TestChain.cid(2)), onChain.details());
    // the CIDv1 of a particle first linked as CIDv0 names the same particle
    byte[] otherForm = chain.tx(0, 1, TxBuilder.cyberlink(TestChain.cidV1(1), TestChain.cid(2)));
    assertEquals(RefusalCode.DUPLICATE_LINK, refused(otherForm).code());
    // earlier in the same block: the second tx makes the block invalid
    InvalidBlockException e =
        assertThrows(
            InvalidBlockException.class,
            () -> chain.executor.execute(2, List.of(chain.links(0, 1, 3, 4),
                chain.links(0, 2, 3, 4))));
    assertEquals(1, e.txIndex());
    assertEquals(RefusalCode.DUPLICATE_LINK, e.refusal().code());
    // another neuron may make the same link
    commit(chain.links(1, 0, 1, 2));
    assertEquals(2, chain.state.graph().linkCount());
  }

  @Test
  void insufficientBalanceCountsEarlierSendsOfTheTx() {
    Refusal r = refused(chain.tx(1, 0, chain.send(0, 20), chain.send(2, 11)));
    assertEquals(RefusalCode.INSUFFICIENT_BALANCE, r.code());
    assertEquals(Map.of("balance", "10", "amount", "11"), r.details());
    Refusal huge = refused(chain.tx(1, 0, chain.send(0, -1)));
    assertEquals(Map.of("balance", "30", "amount", "18446744073709551615"), huge.details());
    assertEquals(
        RefusalCode.INSUFFICIENT_BALANCE, refused(chain.tx(1, 0, chain.send(1, 31))).code());
    mempool.add(chain.tx(1, 0, chain.send(0, 20), chain.send(2, 10))); // all of it
  }

  private byte[] linksTx(int signer, long sequence, int count) {
    int[] pairs = new int[count * 2];
    for (int i = 0; i < count; i++) {
      pairs[2 * i] = (int) (1000 + sequence * 100 + i);
      pairs[2 * i + 1] = 5;
    }
    return chain.links(signer, sequence, pairs);
  }
}
