package io.cybergraph.node.cli;

import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.crypto.KeyPair;
import java.util.List;

/**
 * Builds the signed TxRaw bytes of {@code cyber tx} commands, apart from any I/O, so what is
 * signed can be checked on its own. Particles keep the text the user gave (a particle keeps the
 * form it was first linked with).
 */
final class TxFactory {

  private TxFactory() {}

  /** A transaction with one Cyberlink message of one link. */
  static byte[] link(
      String chainId, KeyPair key, long sequence, Cid from, Cid to, String memo) {
    return TxBuilder.build(
        chainId, key, sequence, List.of(TxBuilder.cyberlink(from.text(), to.text())), memo);
  }

  /** A transaction with one Send message. */
  static byte[] send(
      String chainId, KeyPair key, long sequence, byte[] to, long amount, String memo) {
    return TxBuilder.build(chainId, key, sequence, List.of(TxBuilder.send(to, amount)), memo);
  }
}
