package io.cybergraph.node.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.codec.TxCodec;
import io.cybergraph.proto.crypto.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public key read from a tx's two fields is the one a full decode gives. */
class SignerKeysTest {

  @Test
  void readsThePublicKeyAFullDecodeReads() {
    for (int i = 0; i < 5; i++) {
      KeyPair key = TestChain.key(i);
      byte[] tx = TxBuilder.build("chain-" + i, key, i * 7L,
          List.of(TxBuilder.cyberlink(List.of(
              TxBuilder.link(TestChain.cid(2 * i + 1), TestChain.cid(2 * i + 2))))),
          "memo " + i);
      byte[] publicKey = SignerKeys.publicKeyOf(ByteString.copyFrom(tx));
      assertArrayEquals(TxCodec.decode(tx).publicKey(), publicKey);
      assertArrayEquals(key.publicKey(), publicKey);
    }
  }

  @Test
  void bytesThatAreNotATxGiveNoKey() {
    assertNull(SignerKeys.publicKeyOf(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01})));
    assertNull(SignerKeys.publicKeyOf(ByteString.EMPTY));
  }
}
