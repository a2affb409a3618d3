package io.cybergraph.proto.codec;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.pb.Cyberlink;
import io.cybergraph.proto.pb.Link;
import io.cybergraph.proto.pb.Message;
import io.cybergraph.proto.pb.Send;
import io.cybergraph.proto.pb.TxBody;
import java.util.List;

/** Builds and signs transactions (clients, tests, benchmarks). */
public final class TxBuilder {

  private TxBuilder() {}

  /** Signed TxRaw bytes for the body {chain_id, public key of seed, sequence, messages, memo}. */
  public static byte[] build(
      String chainId, byte[] seed, long sequence, List<Message> messages, String memo) {
    return build(chainId, KeyPair.fromSeed(seed), sequence, messages, memo);
  }

  /** As {@link #build(String, byte[], long, List, String)} with a key pair. */
  public static byte[] build(
      String chainId, KeyPair keys, long sequence, List<Message> messages, String memo) {
    TxBody body =
        TxBody.newBuilder()
            .setChainId(chainId)
            .setPublicKey(ByteString.copyFrom(keys.publicKey()))
            .setSequence(sequence)
            .addAllMessages(messages)
            .setMemo(memo == null ? "" : memo)
            .build();
    byte[] bodyBytes = Protobufs.encode(body);
    return TxCodec.encodeRaw(bodyBytes, keys.sign(bodyBytes));
  }

  /** A link between two particles (CID texts). */
  public static Link link(String from, String to) {
    return Link.newBuilder().setFrom(from).setTo(to).build();
  }

  /** A Cyberlink message carrying {@code links}. */
  public static Message cyberlink(List<Link> links) {
    return Message.newBuilder()
        .setCyberlink(Cyberlink.newBuilder().addAllLinks(links))
        .build();
  }

  /** A Cyberlink message with one link. */
  public static Message cyberlink(String from, String to) {
    return cyberlink(List.of(link(from, to)));
  }

  /** A Send message of {@code amount} to a 20-byte address. */
  public static Message send(byte[] to, long amount) {
    Address.requireAddress(to);
    return Message.newBuilder()
        .setSend(Send.newBuilder().setTo(ByteString.copyFrom(to)).setAmount(amount))
        .build();
  }
}
