package io.cybergraph.proto.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.merkle.Merkle;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppHashTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void linkLeafLayout() {
    byte[] neuron = new byte[20];
    neuron[19] = 9;
    byte[] from = Cid.parse(TxCodecTest.FROM).key(); // 36 bytes
    byte[] to = Cid.parse("bafykbzacea6h5nvlblvak5jhj7m7ku5sp7u2roo3lbembab3a6tnvmuzgcqas").key(); // 38
    assertEquals(38, to.length);
    byte[] leaf = AppHash.linkLeaf(neuron, from, to, 258);
    assertEquals(20 + 2 + 36 + 2 + 38 + 8, leaf.length);
    String hex = HEX.formatHex(leaf);
    assertEquals(
        HEX.formatHex(neuron) + "0024" + HEX.formatHex(from) + "0026" + HEX.formatHex(to)
            + "0000000000000102",
        hex);
    assertThrows(IllegalArgumentException.class, () -> AppHash.linkLeaf(new byte[19], from, to, 1));
    assertThrows(IllegalArgumentException.class, () -> AppHash.linkLeaf(neuron, new byte[0], to, 1));
  }

  @Test
  void accountLeafAndRoots() {
    byte[] a = new byte[20];
    byte[] b = new byte[20];
    b[0] = (byte) 0x80; // sorts after a as unsigned
    byte[] leafA = AppHash.accountLeaf(a, 1000, 2, 30, 4);
    assertEquals(
        "00".repeat(20) + "00000000000003e8" + "0000000000000002" + "000000000000001e"
            + "0000000000000004",
        HEX.formatHex(leafA));
    byte[] leafB = AppHash.accountLeaf(b, 0, 0, 0, 0);
    assertArrayEquals(Merkle.root(List.of(leafA, leafB)), AppHash.accountsRoot(List.of(leafA, leafB)));
    assertThrows(IllegalArgumentException.class, () -> AppHash.accountsRoot(List.of(leafB, leafA)));
    assertThrows(IllegalArgumentException.class, () -> AppHash.accountsRoot(List.of(leafA, leafA)));
    assertThrows(IllegalArgumentException.class, () -> AppHash.accountLeaf(a, -1, 0, 0, 0));

    byte[] links = Hashes.sha256(new byte[] {1});
    byte[] accounts = AppHash.accountsRoot(List.of(leafA));
    byte[] results = AppHash.resultsHash(List.of());
    assertArrayEquals(Hashes.EMPTY_SHA256, results);
    assertArrayEquals(Hashes.sha256(links, accounts, results), AppHash.appHash(links, accounts, results));
    assertThrows(IllegalArgumentException.class, () -> AppHash.appHash(links, accounts, new byte[31]));
  }
}
