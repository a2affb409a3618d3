package io.cybergraph.proto.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.cid.InvalidCidException;
import io.cybergraph.proto.codec.InvalidTxException;
import io.cybergraph.proto.codec.TxCodec;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.proto.merkle.MerkleFrontier;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.CanonicalProposal;
import io.cybergraph.proto.pb.CanonicalVote;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.TxBody;
import io.cybergraph.proto.pb.TxRaw;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The golden vectors in docs/vectors: (a) each file equals what {@link VectorGenerator} produces
 * now, and (b) the bytes in each file verify on their own, with independent code where it matters
 * (the JDK's Ed25519 and SHA-256, a direct recursive RFC 6962, hand-written protobuf leaves).
 *
 * <p>The files live in the repository's docs folder, read through the {@code vectors.dir} system
 * property (set by the module's pom to ../docs/vectors; the fallback is the same path relative to
 * the module, where Surefire runs). Rewrite them after an intended change with {@code mvn -o -pl
 * proto test -Dtest=GoldenVectorsTest -Dvectors.write=true}.
 */
class GoldenVectorsTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Path vectorsDir() {
    return Path.of(System.getProperty("vectors.dir", "../docs/vectors"));
  }

  private static JsonNode read(String name) throws Exception {
    return MAPPER.readTree(Files.readString(vectorsDir().resolve(name), StandardCharsets.UTF_8));
  }

  /** With -Dvectors.write=true, rewrites the files first (before any test reads them). */
  @BeforeAll
  static void rewriteWhenAsked() throws Exception {
    if (!Boolean.getBoolean("vectors.write")) {
      return;
    }
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    for (Map.Entry<String, ObjectNode> file : VectorGenerator.all().entrySet()) {
      Path path = vectorsDir().resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(
          path,
          MAPPER.writer(printer).writeValueAsString(file.getValue()) + "\n",
          StandardCharsets.UTF_8);
    }
  }

  @Test
  void filesEqualWhatTheCodeProduces() throws Exception {
    for (Map.Entry<String, ObjectNode> file : VectorGenerator.all().entrySet()) {
      Path path = vectorsDir().resolve(file.getKey());
      assertTrue(Files.exists(path), "missing " + path.toAbsolutePath());
      // compare parsed trees (a number read back is an int node whatever type wrote it)
      JsonNode expected = MAPPER.readTree(MAPPER.writeValueAsString(file.getValue()));
      assertEquals(expected, read(file.getKey()), file.getKey() + " differs from the code");
    }
    // the generator is deterministic
    assertEquals(VectorGenerator.all(), VectorGenerator.all());
  }

  @Test
  void transactionsVerifyFromTheirOwnBytes() throws Exception {
    JsonNode file = read("tx.json");
    assertTrue(file.get("cases").size() >= 3);
    for (JsonNode c : file.get("cases")) {
      byte[] raw = hex(c, "tx_raw_hex");
      byte[] body = hex(c, "body_bytes_hex");
      byte[] sig = hex(c, "signature_hex");
      byte[] pub = hex(c, "public_key_hex");
      TxRaw txRaw = TxRaw.parseFrom(raw);
      assertArrayEquals(body, txRaw.getBodyBytes().toByteArray());
      assertArrayEquals(sig, txRaw.getSignature().toByteArray());
      assertTrue(jdkVerify(pub, body, sig), c.get("name").asText());
      assertEquals(c.get("tx_hash_hex").asText(), HEX.formatHex(jdkSha256(raw)));
      // address = bech32("cyber", first 20 bytes of SHA-256(public key))
      assertArrayEquals(
          Arrays.copyOf(jdkSha256(pub), 20), Address.fromBech32(c.get("address").asText()));
      // public key from the seed, body fields as described
      assertArrayEquals(pub, io.cybergraph.proto.crypto.Ed25519.publicKey(hex(c, "seed_hex")));
      TxBody decoded = TxBody.parseFrom(body);
      assertEquals(c.get("chain_id").asText(), decoded.getChainId());
      assertEquals(c.get("sequence").asText(), Long.toUnsignedString(decoded.getSequence()));
      assertEquals(c.get("memo").asText(), decoded.getMemo());
      assertArrayEquals(pub, decoded.getPublicKey().toByteArray());
      assertEquals(c.get("messages").size(), decoded.getMessagesCount());
      for (int i = 0; i < decoded.getMessagesCount(); i++) {
        assertEquals(c.get("messages").get(i), VectorGenerator.messageJson(decoded.getMessages(i)));
      }
      TxCodec.decodeAndVerify(raw);
    }
    for (JsonNode c : file.get("invalid")) {
      InvalidTxException e =
          assertThrows(
              InvalidTxException.class, () -> TxCodec.decodeAndVerify(hex(c, "tx_raw_hex")));
      assertEquals(c.get("reason").asText(), e.reason().name(), c.get("name").asText());
    }
  }

  @Test
  void votesVerifyFromTheirOwnBytes() throws Exception {
    JsonNode file = read("vote.json");
    byte[] pub = hex(file, "public_key_hex");
    String chainId = file.get("chain_id").asText();
    for (JsonNode c : file.get("votes")) {
      byte[] signBytes = hex(c, "sign_bytes_hex");
      byte[] sig = hex(c, "signature_hex");
      assertTrue(jdkVerify(pub, signBytes, sig), c.get("name").asText());
      CanonicalVote canonical = CanonicalVote.parseFrom(signBytes);
      JsonNode v = c.get("vote");
      assertEquals(v.get("type").asText(), canonical.getType().name());
      assertEquals(v.get("height").asText(), Long.toString(canonical.getHeight()));
      assertEquals(v.get("round").asLong(), canonical.getRound());
      assertEquals(v.get("timestamp_ns").asText(), Long.toString(canonical.getTimestampNs()));
      assertEquals(chainId, canonical.getChainId());
      assertEquals(!v.get("block_id").isNull(), canonical.hasBlockId());
      if (canonical.hasBlockId()) {
        assertEquals(v.get("block_id"), VectorGenerator.blockIdJson(canonical.getBlockId()));
      }
      // height and round are sfixed64: tags 0x11 and 0x19 followed by 8 little-endian bytes
      ByteBuffer le = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      le.putLong(canonical.getHeight());
      assertTrue(HEX.formatHex(signBytes).contains("11" + HEX.formatHex(le.array())));
      Vote gossiped = Vote.parseFrom(hex(c, "vote_bytes_hex"));
      assertArrayEquals(sig, gossiped.getSignature().toByteArray());
      assertEquals(v, VectorGenerator.voteJson(gossiped.toBuilder().clearSignature().build()));
    }
    for (JsonNode c : file.get("proposals")) {
      byte[] signBytes = hex(c, "sign_bytes_hex");
      assertTrue(jdkVerify(pub, signBytes, hex(c, "signature_hex")));
      CanonicalProposal canonical = CanonicalProposal.parseFrom(signBytes);
      assertEquals(VoteType.VOTE_TYPE_PROPOSAL, canonical.getType());
      assertEquals(c.get("proposal").get("pol_round").asLong(), canonical.getPolRound());
      assertEquals(chainId, canonical.getChainId());
    }
  }

  @Test
  void headerHashRecomputesFromTheFields() throws Exception {
    JsonNode file = read("header.json");
    JsonNode h = file.get("header");
    Header header = Header.parseFrom(hex(file, "header_bytes_hex"));
    // leaves written by hand from the JSON fields, not by BlockHashes
    List<byte[]> leaves = new ArrayList<>();
    leaves.add(lengthDelimited(h.get("chain_id").asText().getBytes(StandardCharsets.UTF_8)));
    leaves.add(varintField(Long.parseLong(h.get("height").asText())));
    leaves.add(varintField(Long.parseLong(h.get("time_ns").asText())));
    leaves.add(lengthDelimited(io.cybergraph.proto.codec.Protobufs.encode(header.getLastBlockId())));
    for (String field :
        new String[] {"last_commit_hash_hex", "data_hash_hex", "validators_hash_hex", "app_hash_hex", "rank_root_hex"}) {
      leaves.add(lengthDelimited(hex(h, field)));
    }
    leaves.add(varintField(Long.parseLong(h.get("rank_height").asText())));
    leaves.add(lengthDelimited(hex(h, "proposer_hex")));
    JsonNode leafHex = file.get("leaves_hex");
    assertEquals(11, leafHex.size());
    for (int i = 0; i < 11; i++) {
      assertEquals(leafHex.get(i).asText(), HEX.formatHex(leaves.get(i)), "leaf " + (i + 1));
    }
    assertEquals(file.get("block_hash_hex").asText(), HEX.formatHex(referenceRoot(leaves)));
    assertEquals(h.get("last_block_id"), VectorGenerator.blockIdJson(header.getLastBlockId()));
    assertEquals(h.get("app_hash_hex").asText(), HEX.formatHex(header.getAppHash().toByteArray()));

    // data, validators and last commit hashes are roots over the listed encodings
    assertEquals(h.get("data_hash_hex").asText(), HEX.formatHex(referenceRoot(hexList(file.get("data").get("txs_hex")))));
    assertEquals(
        h.get("validators_hash_hex").asText(),
        HEX.formatHex(referenceRoot(hexList(file.get("validators").get("validator_bytes_hex")))));
    List<byte[]> precommits = hexList(file.get("last_commit").get("precommit_bytes_hex"));
    assertEquals(h.get("last_commit_hash_hex").asText(), HEX.formatHex(referenceRoot(precommits)));
    // the precommit is signed by the validator over its sign bytes
    Vote precommit = Vote.parseFrom(precommits.get(0));
    byte[] signBytes =
        io.cybergraph.proto.codec.SignBytes.vote(precommit, header.getChainId());
    assertTrue(jdkVerify(hex(file.get("validators"), "public_key_hex"), signBytes,
        precommit.getSignature().toByteArray()));

    // the block: its id is {header hash, one part whose root is the leaf hash of the block bytes}
    JsonNode b = file.get("block");
    byte[] blockBytes = hex(b, "block_bytes_hex");
    assertEquals(header, Block.parseFrom(blockBytes).getHeader());
    assertEquals(1, b.get("parts_total").asInt());
    assertEquals(file.get("block_hash_hex").asText(), b.get("block_id").get("hash_hex").asText());
    assertEquals(
        HEX.formatHex(referenceRoot(List.of(blockBytes))),
        b.get("block_id").get("parts").get("hash_hex").asText());
  }

  @Test
  void cidsParseToTheirKeysOrReasons() throws Exception {
    JsonNode file = read("cids.json");
    for (JsonNode c : file.get("valid")) {
      Cid cid = Cid.parse(c.get("text").asText());
      // key written by hand: 0x01, varint codec, varint multihash, 0x20, digest
      ByteArrayOutputStream key = new ByteArrayOutputStream();
      key.write(1);
      writeVarint(key, Long.decode(c.get("codec").asText()));
      writeVarint(key, Long.decode(c.get("multihash").asText()));
      key.write(32);
      key.writeBytes(hex(c, "digest_hex"));
      assertEquals(c.get("key_hex").asText(), HEX.formatHex(key.toByteArray()));
      assertArrayEquals(key.toByteArray(), cid.key());
      assertArrayEquals(cid.key(), Cid.parse(c.get("v1").asText()).key());
      assertEquals(c.get("version").asInt(), cid.version());
    }
    // v0 and v1 of the IPFS example share a key
    assertEquals(
        HEX.formatHex(Cid.parse(VectorGenerator.CID_V0).key()),
        HEX.formatHex(Cid.parse(VectorGenerator.CID_V1_SAME).key()));
    assertTrue(file.get("invalid").size() >= 10);
    for (JsonNode c : file.get("invalid")) {
      InvalidCidException e =
          assertThrows(InvalidCidException.class, () -> Cid.parse(c.get("text").asText()));
      assertEquals(c.get("reason").asText(), e.reason());
    }
  }

  @Test
  void appHashRecomputesFromTheLeaves() throws Exception {
    JsonNode file = read("app_hash.json");
    List<byte[]> linkLeaves = new ArrayList<>();
    for (JsonNode link : file.get("links")) {
      byte[] from = Cid.parse(link.get("from").asText()).key();
      byte[] to = Cid.parse(link.get("to").asText()).key();
      ByteBuffer leaf = ByteBuffer.allocate(20 + 2 + from.length + 2 + to.length + 8);
      leaf.put(Address.fromBech32(link.get("neuron").asText()));
      leaf.putShort((short) from.length).put(from).putShort((short) to.length).put(to);
      leaf.putLong(Long.parseLong(link.get("height").asText()));
      assertEquals(link.get("leaf_hex").asText(), HEX.formatHex(leaf.array()));
      linkLeaves.add(leaf.array());
    }
    byte[] linksRoot = referenceRoot(linkLeaves);
    assertEquals(file.get("links_root_hex").asText(), HEX.formatHex(linksRoot));
    assertArrayEquals(linksRoot, MerkleFrontier.fromBytes(hex(file, "links_frontier_hex")).root());
    for (JsonNode proof : file.get("link_proofs")) {
      int index = proof.get("index").asInt();
      List<byte[]> path = hexList(proof.get("path_hex"));
      assertTrue(Merkle.verify(linksRoot, linkLeaves.get(index), index, linkLeaves.size(), path));
      assertFalse(Merkle.verify(linksRoot, linkLeaves.get((index + 1) % linkLeaves.size()), index, linkLeaves.size(), path));
    }
    List<byte[]> accountLeaves = new ArrayList<>();
    byte[] previous = null;
    for (JsonNode account : file.get("accounts")) {
      byte[] address = Address.fromBech32(account.get("address").asText());
      if (previous != null) {
        assertTrue(Arrays.compareUnsigned(previous, address) < 0, "sorted by address");
      }
      previous = address;
      ByteBuffer leaf = ByteBuffer.allocate(52).put(address);
      for (String f : new String[] {"balance", "sequence", "bandwidth_available", "bandwidth_last_height"}) {
        leaf.putLong(Long.parseLong(account.get(f).asText()));
      }
      assertEquals(account.get("leaf_hex").asText(), HEX.formatHex(leaf.array()));
      accountLeaves.add(leaf.array());
    }
    byte[] accountsRoot = referenceRoot(accountLeaves);
    assertEquals(file.get("accounts_root_hex").asText(), HEX.formatHex(accountsRoot));
    byte[] results = referenceRoot(hexList(file.get("tx_hashes_hex")));
    assertEquals(file.get("results_hash_hex").asText(), HEX.formatHex(results));
    assertEquals(
        file.get("app_hash_hex").asText(),
        HEX.formatHex(jdkSha256(VectorGenerator.concat(VectorGenerator.concat(linksRoot, accountsRoot), results))));
  }

  // ------------------------------------------------------------ independent helpers

  /** Ed25519 verification by the JDK's own provider (not Bouncy Castle). */
  static boolean jdkVerify(byte[] publicKey, byte[] msg, byte[] sig) throws Exception {
    byte[] spki = VectorGenerator.concat(HEX.parseHex("302a300506032b6570032100"), publicKey);
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(msg);
    return verifier.verify(sig);
  }

  static byte[] jdkSha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  /** RFC 6962 section 2.1, directly. */
  static byte[] referenceRoot(List<byte[]> d) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    if (d.isEmpty()) {
      return sha.digest();
    }
    if (d.size() == 1) {
      sha.update((byte) 0);
      return sha.digest(d.get(0));
    }
    int k = Integer.highestOneBit(d.size() - 1);
    byte[] left = referenceRoot(d.subList(0, k));
    byte[] right = referenceRoot(d.subList(k, d.size()));
    sha.update((byte) 1);
    sha.update(left);
    return sha.digest(right);
  }

  private static byte[] varintField(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (value != 0) {
      out.write(0x08);
      writeVarint(out, value);
    }
    return out.toByteArray();
  }

  private static byte[] lengthDelimited(byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (value.length != 0) {
      out.write(0x0a);
      writeVarint(out, value.length);
      out.writeBytes(value);
    }
    return out.toByteArray();
  }

  /** Unsigned LEB128 of the 64-bit two's complement value (negative int64 → 10 bytes). */
  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static byte[] hex(JsonNode node, String field) {
    return HEX.parseHex(node.get(field).asText());
  }

  private static List<byte[]> hexList(JsonNode array) {
    List<byte[]> out = new ArrayList<>();
    array.forEach(n -> out.add(HEX.parseHex(n.asText())));
    return out;
  }
}
