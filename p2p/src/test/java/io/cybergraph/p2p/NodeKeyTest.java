package io.cybergraph.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NodeKeyTest {

  // RFC 8032, section 7.1, test 1
  private static final String SEED =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String PUBLIC_KEY =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  // first 20 bytes of SHA-256(PUBLIC_KEY), computed with Python's hashlib
  private static final String ID = "21fe31dfa154a261626bf854046fd2271b7bed4b";

  @Test
  void idIsTheFirst20BytesOfTheSha256OfThePublicKey() {
    NodeKey key = NodeKey.fromSeed(HexFormat.of().parseHex(SEED));
    assertEquals(PUBLIC_KEY, HexFormat.of().formatHex(key.publicKey()));
    assertEquals(ID, key.id().hex());
  }

  @Test
  void toStringNeverShowsTheSeed() {
    NodeKey key = NodeKey.generate();
    assertFalse(key.toString().contains(HexFormat.of().formatHex(key.privateSeed())));
  }
}
