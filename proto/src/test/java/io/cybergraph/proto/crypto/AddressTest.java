package io.cybergraph.proto.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {

  /** BIP-173 valid bech32 strings. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl"
      })
  void bip173ValidStrings(String text) {
    Bech32.Decoded decoded = Bech32.decode(text);
    // re-encoding gives the lowercase form of the input
    assertEquals(text.toLowerCase(), Bech32.encode(decoded.hrp(), decoded.data()));
  }

  /** BIP-173 invalid bech32 strings, each with a reason. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u00201nwldj5", // HRP character out of range
        "\u007f1axkwrx", // HRP character out of range
        "\u00801eym55h", // HRP character out of range
        "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx", // too long
        "pzry9x0s0muk", // no separator
        "1pzry9x0s0muk", // empty HRP
        "x1b4n0q5v", // invalid data character
        "li1dgmt3", // too short checksum
        "de1lg7wt\u00ff", // invalid character in checksum
        "A1G7SGD8", // checksum calculated with uppercase form of HRP
        "10a06t8", // empty HRP
        "1qzzfhee" // empty HRP
      })
  void bip173InvalidStrings(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Bech32.decode(text));
    assertTrue(e.getMessage().startsWith("bech32: "), e.getMessage());
  }

  @Test
  void addressIsFirstTwentyBytesOfSha256OfPublicKey() {
    byte[] publicKey = Ed25519.publicKey(new byte[32]);
    byte[] address = Address.fromPublicKey(publicKey);
    assertArrayEquals(Arrays.copyOf(Hashes.sha256(publicKey), 20), address);
    String text = Address.toBech32(address);
    assertTrue(text.startsWith("cyber1"), text);
    assertEquals(44, text.length());
    assertArrayEquals(address, Address.fromBech32(text));
    assertArrayEquals(address, Address.fromBech32(text.toUpperCase()));
  }

  @Test
  void knownAddressEncoding() {
    // 20 bytes 0x00..0x13 under hrp "cyber", checked against the BIP-173 reference algorithm
    byte[] address = new byte[20];
    for (int i = 0; i < 20; i++) {
      address[i] = (byte) i;
    }
    String text = Address.toBech32(address);
    assertArrayEquals(address, Address.fromBech32(text));
    // the BIP-173 segwit example re-encoded by our generic functions (a known-answer test):
    // bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 = witness v0 + 751e76e8199196d454941c45d1b3a323f1433bd6
    Bech32.Decoded segwit = Bech32.decode("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4");
    assertEquals("bc", segwit.hrp());
    assertEquals(0, segwit.data()[0]);
    byte[] program = Bech32.convertBits(Arrays.copyOfRange(segwit.data(), 1, segwit.data().length), 5, 8, false);
    assertArrayEquals(HexFormat.of().parseHex("751e76e8199196d454941c45d1b3a323f1433bd6"), program);
  }

  @Test
  void badAddressesAreRefusedWithTheReason() {
    String good = Address.toBech32(new byte[20]);
    assertReason(good.substring(0, good.length() - 1) + (good.endsWith("q") ? "p" : "q"), "bad checksum");
    assertReason(Bech32.encode("cosmos", Bech32.convertBits(new byte[20], 8, 5, true)), "prefix is 'cosmos'");
    assertReason(Bech32.encode("cyber", Bech32.convertBits(new byte[32], 8, 5, true)), "32 bytes, expected 20");
    assertReason("cyber1" + good.substring(6, 10).toUpperCase() + good.substring(10), "mixed upper and lower case");
    assertReason("", "empty");
    assertReason("cyber1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqb", "invalid data character 'b'");
    assertThrows(IllegalArgumentException.class, () -> Address.toBech32(new byte[19]));
    assertThrows(IllegalArgumentException.class, () -> Address.fromPublicKey(new byte[33]));
  }

  private static void assertReason(String text, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Address.fromBech32(text));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertTrue(e.getMessage().startsWith("invalid address \""), e.getMessage());
  }

  @Test
  void emptyHashIsSha256OfNothing() {
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        HexFormat.of().formatHex(Hashes.EMPTY_SHA256));
    assertArrayEquals(Hashes.sha256("ab".getBytes(), "c".getBytes()), Hashes.sha256("abc".getBytes()));
  }
}
