package io.cybergraph.proto.cid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.proto.crypto.Hashes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidTest {

  private static final HexFormat HEX = HexFormat.of();

  /** Published CIDs (IPFS docs, multihash README, Kubo/explorer outputs) with their parts. */
  @ParameterizedTest
  @CsvSource({
    // multihash README: sha2-256 of "foo" in base58
    "QmRJzsvyCQyizr73Gmms8ZRtvNxmgqumxc2KUp71dfEmoj, 0, 0x70, 0x12, 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
    // cid.ipfs.tech explorer output
    "bafybeidyxh2cyiwdzczgbn4bk6g2gfi6qiamoqogw5bxxl5p6wu57g2ahy, 1, 0x70, 0x12, 78b9f42c22c3c8b260b781578da3151e8200c741c6b7437bafaff5a9df9b403e",
    // raw leaf, digest from cid.contact
    "bafkreih25dih6ug3xtj73vswccw423b56ilrwmnos4cbwhrceudopdp5sq, 1, 0x55, 0x12, fae8d07f50dbbcd3fdd65610adcd6c3df2171b31ae97041b1e222506e78dfd94",
    // dag-pb with blake2b-256 (ipfs cid format output)
    "bafykbzacea6h5nvlblvak5jhj7m7ku5sp7u2roo3lbembab3a6tnvmuzgcqas, 1, 0x70, 0xb220, 3c7eb6ab0aea0575274fd9f553b27fe9a8b9db5848c0803b07a6dab29930a009",
  })
  void publishedCids(String text, int version, String codec, String hash, String digestHex) {
    Cid cid = Cid.parse(text);
    assertEquals(version, cid.version());
    assertEquals(Long.decode(codec), cid.codec());
    assertEquals(Long.decode(hash), cid.multihashCode());
    assertArrayEquals(HEX.parseHex(digestHex), cid.digest());
    assertEquals(text, cid.text());
    assertEquals(text, cid.toString());
  }

  @Test
  void shaOfFooIsTheDigestOfTheReadmeExample() {
    assertArrayEquals(
        Hashes.sha256("foo".getBytes(StandardCharsets.UTF_8)),
        Cid.parse("QmRJzsvyCQyizr73Gmms8ZRtvNxmgqumxc2KUp71dfEmoj").digest());
  }

  @Test
  void cidV0AndItsV1NameOneParticle() {
    // the IPFS documentation's example pair
    Cid v0 = Cid.parse("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR");
    Cid v1 = Cid.parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
    assertArrayEquals(v0.key(), v1.key());
    assertEquals(v0, v1);
    assertEquals(v0.hashCode(), v1.hashCode());
    assertEquals(v1.text(), v0.toV1String());
    assertEquals(v1, Cid.fromKey(v0.key()));
    // the key is the binary CIDv1: 0x01 0x70 0x12 0x20 digest
    assertEquals("01701220" + HEX.formatHex(v0.digest()), HEX.formatHex(v0.key()));
  }

  @Test
  void everyAcceptedCodecAndHashRoundTrips() {
    long[] codecs = {Cid.CODEC_RAW, Cid.CODEC_DAG_PB, Cid.CODEC_DAG_CBOR};
    long[] hashes = {Cid.HASH_SHA2_256, Cid.HASH_BLAKE2B_256, Cid.HASH_BLAKE3};
    byte[] digest = Hashes.sha256("particle".getBytes(StandardCharsets.UTF_8));
    for (long codec : codecs) {
      for (long hash : hashes) {
        String text = "b" + Base32.encode(binary(1, codec, hash, 32, digest));
        Cid cid = Cid.parse(text);
        assertEquals(1, cid.version());
        assertEquals(codec, cid.codec());
        assertEquals(hash, cid.multihashCode());
        assertArrayEquals(digest, cid.digest());
        assertEquals(text, cid.toV1String());
        assertTrue(text.length() <= 62, text);
      }
    }
    // v0 of that digest and its v1 share the key; a raw v1 of the same digest is another particle
    String v0 = Base58.encode(HEX.parseHex("1220" + HEX.formatHex(digest)));
    assertTrue(v0.startsWith("Qm"));
    Cid cidV0 = Cid.parse(v0);
    assertEquals(Cid.parse(cidV0.toV1String()), cidV0);
    assertNotEquals(
        Cid.parse("b" + Base32.encode(binary(1, Cid.CODEC_RAW, Cid.HASH_SHA2_256, 32, digest))),
        cidV0);
  }

  @Test
  void malformedCidsAreRefusedWithTheirReason() {
    byte[] d = new byte[32];
    String good = "b" + Base32.encode(binary(1, 0x55, 0x12, 32, d));
    assertRefused("", "empty");
    assertRefused(" QmRJzsvyCQyizr73Gmms8ZRtvNxmgqumxc2KUp71dfEmoj", "whitespace");
    assertRefused(good + "\n", "whitespace");
    assertRefused("b" + "a".repeat(120), "too long");
    // base58: '0', 'O', 'I', 'l' are not in the alphabet
    assertRefused("QmRJzsvyCQyizr73Gmms8ZRtvNxmgqumxc2KUp71dfEmo0", "not base58btc");
    assertRefused("QmRJzsvyCQyizr73Gmms8ZRtvNxmgqumxc2KUp71dfEmo", "must be 46 characters");
    assertRefused("b" + Base32.encode(binary(1, 0x55, 0x12, 20, new byte[20])), "multihash length 20");
    assertRefused("b" + Base32.encode(binary(1, 0x55, 0x12, 32, new byte[31])), "needs 32 bytes");
    assertRefused("b" + Base32.encode(binary(1, 0x55, 0x00, 32, d)), "identity multihash");
    assertRefused("b" + Base32.encode(binary(1, 0x55, 0x13, 32, d)), "multihash 0x13 is not accepted");
    assertRefused("b" + Base32.encode(binary(1, 0x0129, 0x12, 32, d)), "codec 0x129 is not accepted");
    assertRefused("b" + Base32.encode(binary(2, 0x55, 0x12, 32, d)), "CID version 2");
    assertRefused("b" + Base32.encode(HEX.parseHex("1220" + HEX.formatHex(d))), "CIDv0 multihash");
    assertRefused("B" + good.substring(1).toUpperCase(), "base32 uppercase");
    assertRefused(good.substring(0, 10) + good.substring(10, 11).toUpperCase() + good.substring(11),
        "uppercase");
    assertRefused("z" + Base58.encode(binary(1, 0x55, 0x12, 32, d)), "multibase 'z'");
    assertRefused("f01551220" + HEX.formatHex(d), "multibase 'f'");
    assertRefused("x" + good.substring(1), "not a CIDv0");
    assertRefused("b", "truncated varint");
    assertRefused("b" + Base32.encode(new byte[] {1, (byte) 0x80}), "codec: truncated varint");
    assertRefused("b" + Base32.encode(new byte[] {(byte) 0x81, 0x00, 0x55}), "not minimally encoded");
    assertRefused("b" + Base32.encode(concat(binary(1, 0x55, 0x12, 32, d), new byte[] {0})), "trailing bytes after the 32-byte digest (1)");
    assertRefused(good.substring(0, good.length() - 1) + "b", "non-zero trailing bits");
    assertRefused(good + "a", "not the length of any byte string");
    assertRefused("b" + "8" + good.substring(2), "not base32");
    assertRefused(null, "null");
  }

  @Test
  void errorMessageNamesTheValue() {
    InvalidCidException e =
        assertThrows(InvalidCidException.class, () -> Cid.parse("hello\tworld"));
    assertTrue(e.getMessage().startsWith("invalid CID \"hello\\u0009world\": "), e.getMessage());
    assertTrue(e instanceof IllegalArgumentException);
    assertEquals("contains whitespace or a control character at position 5", e.reason());
  }

  @Test
  void base58MatchesPublishedVectors() {
    String[][] vectors = {
      {"", ""},
      {"61", "2g"},
      {"626262", "a3gV"},
      {"636363", "aPEr"},
      {"516b6fcd0f", "ABnLTmg"},
      {"bf4f89001e670274dd", "3SEo3LWLoPntC"},
      {"572e4794", "3EFU7m"},
      {"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
      {"10c8511e", "Rt5zm"},
      {"00000000000000000000", "1111111111"},
      {"0000287fb4cd", "11233QC4"},
      {"00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
      {HEX.formatHex("Hello World!".getBytes(StandardCharsets.US_ASCII)), "2NEpo7TZRRrLZSi2U"},
    };
    for (String[] v : vectors) {
      assertEquals(v[1], Base58.encode(HEX.parseHex(v[0])), v[0]);
      assertEquals(v[0], HEX.formatHex(Base58.decode(v[1])), v[1]);
    }
  }

  @Test
  void base32MatchesRfc4648Vectors() {
    String[][] vectors = {
      {"", ""}, {"f", "my"}, {"fo", "mzxq"}, {"foo", "mzxw6"}, {"foob", "mzxw6yq"},
      {"fooba", "mzxw6ytb"}, {"foobar", "mzxw6ytboi"},
    };
    for (String[] v : vectors) {
      byte[] bytes = v[0].getBytes(StandardCharsets.US_ASCII);
      assertEquals(v[1], Base32.encode(bytes));
      assertArrayEquals(bytes, Base32.decode(v[1]));
    }
  }

  @Test
  void varintsFollowUnsignedVarintSpec() {
    assertEquals("01", HEX.formatHex(Varint.encode(1)));
    assertEquals("7f", HEX.formatHex(Varint.encode(127)));
    assertEquals("8001", HEX.formatHex(Varint.encode(128)));
    assertEquals("ff01", HEX.formatHex(Varint.encode(255)));
    assertEquals("ac02", HEX.formatHex(Varint.encode(300)));
    assertEquals("808001", HEX.formatHex(Varint.encode(16384)));
    assertEquals("a0e402", HEX.formatHex(Varint.encode(0xb220)));
    assertEquals(0xb220, new Varint.Reader(HEX.parseHex("a0e402")).read("x"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Varint.Reader(HEX.parseHex("ffffffffffffffffff01")).read("x"));
  }

  static byte[] binary(long version, long codec, long hash, int length, byte[] digest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Varint.write(out, version);
    Varint.write(out, codec);
    Varint.write(out, hash);
    Varint.write(out, length);
    out.writeBytes(digest);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void assertRefused(String text, String reason) {
    InvalidCidException e = assertThrows(InvalidCidException.class, () -> Cid.parse(text));
    assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
  }
}
