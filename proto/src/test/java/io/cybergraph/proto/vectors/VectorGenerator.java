package io.cybergraph.proto.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.cybergraph.proto.cid.Base32;
import io.cybergraph.proto.cid.Base58;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.cid.InvalidCidException;
import io.cybergraph.proto.cid.Varint;
import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.codec.InvalidTxException;
import io.cybergraph.proto.codec.PartSet;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.codec.SignBytes;
import io.cybergraph.proto.codec.TxBuilder;
import io.cybergraph.proto.codec.TxCodec;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.crypto.KeyPair;
import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.proto.merkle.MerkleFrontier;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Data;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.Link;
import io.cybergraph.proto.pb.Message;
import io.cybergraph.proto.pb.PartSetHeader;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.TxBody;
import io.cybergraph.proto.pb.TxRaw;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Produces the golden vectors of docs/vectors from code, with fixed seeds and fixed inputs, so
 * they are reproducible byte for byte (Ed25519 signatures are deterministic).
 */
final class VectorGenerator {

  static final String CHAIN_ID = "cyber-vectors-1";
  private static final HexFormat HEX = HexFormat.of();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  static final String CID_V0 = "QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR";
  static final String CID_V1_SAME = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
  static final String CID_RAW = "bafkreih25dih6ug3xtj73vswccw423b56ilrwmnos4cbwhrceudopdp5sq";
  static final String CID_BLAKE2B = "bafykbzacea6h5nvlblvak5jhj7m7ku5sp7u2roo3lbembab3a6tnvmuzgcqas";

  private VectorGenerator() {}

  /** The fixed key of test identity {@code i}: seed = SHA-256("cyber vector key " + i). */
  static KeyPair key(int i) {
    return KeyPair.fromSeed(
        Hashes.sha256(("cyber vector key " + i).getBytes(StandardCharsets.UTF_8)));
  }

  /** All files by name. */
  static Map<String, ObjectNode> all() {
    Map<String, ObjectNode> files = new LinkedHashMap<>();
    files.put("tx.json", tx());
    files.put("vote.json", vote());
    files.put("header.json", header());
    files.put("cids.json", cids());
    files.put("app_hash.json", appHash());
    return files;
  }

  // ---------------------------------------------------------------- transactions

  static ObjectNode tx() {
    ObjectNode root = JSON.objectNode();
    root.put(
        "description",
        "Signed transactions. body_bytes = deterministic protobuf TxBody; signature = Ed25519"
            + " over body_bytes; tx_raw = TxRaw{body_bytes, signature}; tx_hash ="
            + " SHA-256(tx_raw). Seeds are SHA-256(\"cyber vector key \" + i). See"
            + " docs/protocol.md.");
    ArrayNode cases = root.putArray("cases");
    KeyPair alice = key(1);
    KeyPair bob = key(2);
    cases.add(
        txCase(
            "one cyberlink",
            alice,
            0,
            List.of(TxBuilder.cyberlink(CID_V0, CID_RAW)),
            ""));
    cases.add(
        txCase(
            "send",
            alice,
            1,
            List.of(TxBuilder.send(bob.address(), 1_000_000L)),
            ""));
    cases.add(
        txCase(
            "three links and a send with memo",
            bob,
            7,
            List.of(
                TxBuilder.cyberlink(
                    List.of(
                        TxBuilder.link(CID_RAW, CID_BLAKE2B),
                        TxBuilder.link(CID_BLAKE2B, CID_V1_SAME),
                        TxBuilder.link(CID_V1_SAME, CID_RAW))),
                TxBuilder.send(alice.address(), (1L << 60) + 5)),
            "hello, cyber ✓"));

    ArrayNode invalid = root.putArray("invalid");
    byte[] good = TxBuilder.build(CHAIN_ID, alice, 0, List.of(TxBuilder.cyberlink(CID_V0, CID_RAW)), "");
    TxBody body = TxCodec.decode(good).body();
    byte[] canonicalBody = Protobufs.encode(body);
    invalid.add(
        invalidTx(
            "body fields out of order (public_key before chain_id)",
            signed(alice, reorderedBody(body))));
    invalid.add(
        invalidTx(
            "sequence 0 written explicitly",
            signed(alice, concat(canonicalBody, new byte[] {0x18, 0x00}))));
    invalid.add(
        invalidTx("unknown field 15 in the body", signed(alice, concat(canonicalBody, new byte[] {0x78, 0x01}))));
    byte[] badSig = alice.sign(canonicalBody);
    badSig[0] ^= 1;
    invalid.add(invalidTx("signature with one bit flipped", TxCodec.encodeRaw(canonicalBody, badSig)));
    invalid.add(
        invalidTx(
            "no messages",
            signed(alice, Protobufs.encode(body.toBuilder().clearMessages().build()))));
    TxRaw raw = TxCodec.decode(good).txRaw();
    invalid.add(
        invalidTx(
            "TxRaw with signature (2) before body_bytes (1)",
            concat(
                fieldBytes(2, raw.getSignature()), fieldBytes(1, raw.getBodyBytes()))));
    return root;
  }

  private static ObjectNode txCase(
      String name, KeyPair keys, long sequence, List<Message> messages, String memo) {
    byte[] raw = TxBuilder.build(CHAIN_ID, keys, sequence, messages, memo);
    TxRaw txRaw = TxCodec.decodeAndVerify(raw).txRaw();
    ObjectNode c = JSON.objectNode();
    c.put("name", name);
    c.put("seed_hex", HEX.formatHex(keys.seed()));
    c.put("chain_id", CHAIN_ID);
    c.put("sequence", Long.toUnsignedString(sequence));
    c.put("memo", memo);
    ArrayNode ms = c.putArray("messages");
    for (Message m : messages) {
      ms.add(messageJson(m));
    }
    c.put("public_key_hex", HEX.formatHex(keys.publicKey()));
    c.put("address", Address.toBech32(keys.address()));
    c.put("body_bytes_hex", HEX.formatHex(txRaw.getBodyBytes().toByteArray()));
    c.put("signature_hex", HEX.formatHex(txRaw.getSignature().toByteArray()));
    c.put("tx_raw_hex", HEX.formatHex(raw));
    c.put("tx_hash_hex", HEX.formatHex(TxCodec.txHash(raw)));
    return c;
  }

  static ObjectNode messageJson(Message m) {
    ObjectNode node = JSON.objectNode();
    if (m.hasCyberlink()) {
      ArrayNode links = node.putObject("cyberlink").putArray("links");
      for (Link link : m.getCyberlink().getLinksList()) {
        links.addObject().put("from", link.getFrom()).put("to", link.getTo());
      }
    } else {
      node.putObject("send")
          .put("to", Address.toBech32(m.getSend().getTo().toByteArray()))
          .put("amount", Long.toUnsignedString(m.getSend().getAmount()));
    }
    return node;
  }

  private static ObjectNode invalidTx(String name, byte[] raw) {
    String reason;
    try {
      TxCodec.decodeAndVerify(raw);
      throw new IllegalStateException("invalid vector '" + name + "' decodes");
    } catch (InvalidTxException e) {
      reason = e.reason().name();
    }
    ObjectNode c = JSON.objectNode();
    c.put("name", name);
    c.put("tx_raw_hex", HEX.formatHex(raw));
    c.put("reason", reason);
    return c;
  }

  private static byte[] signed(KeyPair keys, byte[] bodyBytes) {
    return TxCodec.encodeRaw(bodyBytes, keys.sign(bodyBytes));
  }

  private static byte[] reorderedBody(TxBody body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeBytes(2, body.getPublicKey());
      out.writeString(1, body.getChainId());
      for (Message m : body.getMessagesList()) {
        out.writeMessage(4, m);
      }
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] fieldBytes(int field, ByteString value) {
    byte[] out = new byte[CodedOutputStream.computeBytesSize(field, value)];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    try {
      stream.writeBytes(field, value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  // ---------------------------------------------------------------- votes

  static BlockID sampleBlockId() {
    return BlockID.newBuilder()
        .setHash(ByteString.copyFrom(Hashes.sha256("block".getBytes(StandardCharsets.UTF_8))))
        .setParts(
            PartSetHeader.newBuilder()
                .setTotal(1)
                .setHash(ByteString.copyFrom(Hashes.sha256("parts".getBytes(StandardCharsets.UTF_8)))))
        .build();
  }

  static ObjectNode vote() {
    ObjectNode root = JSON.objectNode();
    root.put(
        "description",
        "Votes and proposals. sign_bytes = deterministic protobuf CanonicalVote{type, height"
            + " (sfixed64), round (sfixed64), block_id (absent when nil), timestamp_ns, chain_id}"
            + " or CanonicalProposal; signature = Ed25519 over sign_bytes; vote_bytes = the Vote"
            + " with its signature as gossiped.");
    root.put("chain_id", CHAIN_ID);
    KeyPair validator = key(10);
    root.put("seed_hex", HEX.formatHex(validator.seed()));
    root.put("public_key_hex", HEX.formatHex(validator.publicKey()));
    root.put("validator_address_hex", HEX.formatHex(validator.address()));
    ArrayNode votes = root.putArray("votes");
    Vote prevote =
        Vote.newBuilder()
            .setType(VoteType.VOTE_TYPE_PREVOTE)
            .setHeight(5)
            .setRound(0)
            .setBlockId(sampleBlockId())
            .setTimestampNs(1_767_225_600_000_000_000L)
            .setValidatorAddress(ByteString.copyFrom(validator.address()))
            .setValidatorIndex(0)
            .build();
    votes.add(voteCase("prevote for a block", prevote, validator));
    Vote nilPrecommit =
        prevote.toBuilder()
            .setType(VoteType.VOTE_TYPE_PRECOMMIT)
            .setRound(3)
            .clearBlockId()
            .setTimestampNs(1_767_225_601_500_000_000L)
            .setValidatorIndex(2)
            .build();
    votes.add(voteCase("nil precommit", nilPrecommit, validator));
    Vote precommit =
        prevote.toBuilder().setType(VoteType.VOTE_TYPE_PRECOMMIT).setHeight(1L << 40).build();
    votes.add(voteCase("precommit at a large height", precommit, validator));

    ArrayNode proposals = root.putArray("proposals");
    Proposal proposal =
        Proposal.newBuilder()
            .setHeight(5)
            .setRound(1)
            .setPolRound(-1)
            .setBlockId(sampleBlockId())
            .setTimestampNs(1_767_225_599_000_000_000L)
            .setProposerAddress(ByteString.copyFrom(validator.address()))
            .build();
    byte[] signBytes = SignBytes.proposal(proposal, CHAIN_ID);
    byte[] signature = validator.sign(signBytes);
    ObjectNode p = proposals.addObject();
    p.put("name", "proposal without POL round");
    p.set("proposal", proposalJson(proposal));
    p.put("sign_bytes_hex", HEX.formatHex(signBytes));
    p.put("signature_hex", HEX.formatHex(signature));
    p.put(
        "proposal_bytes_hex",
        HEX.formatHex(
            Protobufs.encode(proposal.toBuilder().setSignature(ByteString.copyFrom(signature)).build())));
    return root;
  }

  private static ObjectNode voteCase(String name, Vote vote, KeyPair validator) {
    byte[] signBytes = SignBytes.vote(vote, CHAIN_ID);
    byte[] signature = validator.sign(signBytes);
    ObjectNode c = JSON.objectNode();
    c.put("name", name);
    c.set("vote", voteJson(vote));
    c.put("sign_bytes_hex", HEX.formatHex(signBytes));
    c.put("signature_hex", HEX.formatHex(signature));
    c.put(
        "vote_bytes_hex",
        HEX.formatHex(
            Protobufs.encode(vote.toBuilder().setSignature(ByteString.copyFrom(signature)).build())));
    return c;
  }

  static ObjectNode voteJson(Vote vote) {
    ObjectNode v = JSON.objectNode();
    v.put("type", vote.getType().name());
    v.put("height", Long.toString(vote.getHeight()));
    v.put("round", vote.getRound());
    v.set("block_id", vote.hasBlockId() ? blockIdJson(vote.getBlockId()) : null);
    v.put("timestamp_ns", Long.toString(vote.getTimestampNs()));
    v.put("validator_address_hex", HEX.formatHex(vote.getValidatorAddress().toByteArray()));
    v.put("validator_index", vote.getValidatorIndex());
    return v;
  }

  private static ObjectNode proposalJson(Proposal proposal) {
    ObjectNode v = JSON.objectNode();
    v.put("height", Long.toString(proposal.getHeight()));
    v.put("round", proposal.getRound());
    v.put("pol_round", proposal.getPolRound());
    v.set("block_id", blockIdJson(proposal.getBlockId()));
    v.put("timestamp_ns", Long.toString(proposal.getTimestampNs()));
    v.put("proposer_address_hex", HEX.formatHex(proposal.getProposerAddress().toByteArray()));
    return v;
  }

  static ObjectNode blockIdJson(BlockID id) {
    ObjectNode b = JSON.objectNode();
    b.put("hash_hex", HEX.formatHex(id.getHash().toByteArray()));
    b.putObject("parts")
        .put("total", id.getParts().getTotal())
        .put("hash_hex", HEX.formatHex(id.getParts().getHash().toByteArray()));
    return b;
  }

  // ---------------------------------------------------------------- header and block

  static ObjectNode header() {
    KeyPair validator = key(10);
    KeyPair alice = key(1);
    ValidatorSet validators =
        ValidatorSet.newBuilder()
            .addValidators(
                Validator.newBuilder()
                    .setAddress(ByteString.copyFrom(validator.address()))
                    .setPublicKey(ByteString.copyFrom(validator.publicKey()))
                    .setPower(10))
            .build();
    BlockID previous = sampleBlockId();
    Vote precommit =
        Vote.newBuilder()
            .setType(VoteType.VOTE_TYPE_PRECOMMIT)
            .setHeight(1)
            .setRound(0)
            .setBlockId(previous)
            .setTimestampNs(1_767_225_600_000_000_000L)
            .setValidatorAddress(ByteString.copyFrom(validator.address()))
            .setValidatorIndex(0)
            .build();
    precommit =
        precommit.toBuilder()
            .setSignature(ByteString.copyFrom(validator.sign(SignBytes.vote(precommit, CHAIN_ID))))
            .build();
    Commit lastCommit =
        Commit.newBuilder().setHeight(1).setRound(0).setBlockId(previous).addPrecommits(precommit).build();
    byte[] tx = TxBuilder.build(CHAIN_ID, alice, 0, List.of(TxBuilder.cyberlink(CID_V0, CID_RAW)), "");
    Data data = Data.newBuilder().addTxs(ByteString.copyFrom(tx)).build();
    Header header =
        Header.newBuilder()
            .setChainId(CHAIN_ID)
            .setHeight(2)
            .setTimeNs(1_767_225_600_000_000_000L)
            .setLastBlockId(previous)
            .setLastCommitHash(ByteString.copyFrom(BlockHashes.commitHash(lastCommit)))
            .setDataHash(ByteString.copyFrom(BlockHashes.dataHash(data)))
            .setValidatorsHash(ByteString.copyFrom(BlockHashes.validatorsHash(validators)))
            .setAppHash(ByteString.copyFrom(Hashes.sha256("app hash after 1".getBytes(StandardCharsets.UTF_8))))
            .setRankRoot(ByteString.copyFrom(Hashes.EMPTY_SHA256))
            .setRankHeight(0)
            .setProposer(ByteString.copyFrom(validator.address()))
            .build();
    Block block = Block.newBuilder().setHeader(header).setData(data).setLastCommit(lastCommit).build();

    ObjectNode root = JSON.objectNode();
    root.put(
        "description",
        "A block at height 2. block_hash = RFC 6962 root over leaves_hex; leaf i = deterministic"
            + " encoding of header field i alone as field 1 of a one-field message (empty for a"
            + " default value). rank_height 0 is a default value, so its leaf is empty.");
    ObjectNode h = root.putObject("header");
    h.put("chain_id", header.getChainId());
    h.put("height", Long.toString(header.getHeight()));
    h.put("time_ns", Long.toString(header.getTimeNs()));
    h.set("last_block_id", blockIdJson(header.getLastBlockId()));
    h.put("last_commit_hash_hex", HEX.formatHex(header.getLastCommitHash().toByteArray()));
    h.put("data_hash_hex", HEX.formatHex(header.getDataHash().toByteArray()));
    h.put("validators_hash_hex", HEX.formatHex(header.getValidatorsHash().toByteArray()));
    h.put("app_hash_hex", HEX.formatHex(header.getAppHash().toByteArray()));
    h.put("rank_root_hex", HEX.formatHex(header.getRankRoot().toByteArray()));
    h.put("rank_height", Long.toString(header.getRankHeight()));
    h.put("proposer_hex", HEX.formatHex(header.getProposer().toByteArray()));
    ArrayNode leaves = root.putArray("leaves_hex");
    for (byte[] leaf : BlockHashes.headerLeaves(header)) {
      leaves.add(HEX.formatHex(leaf));
    }
    root.put("header_bytes_hex", HEX.formatHex(Protobufs.encode(header)));
    root.put("block_hash_hex", HEX.formatHex(BlockHashes.headerHash(header)));

    ArrayNode txs = root.putObject("data").putArray("txs_hex");
    txs.add(HEX.formatHex(tx));
    ObjectNode vs = root.putObject("validators");
    ArrayNode encodedValidators = vs.putArray("validator_bytes_hex");
    for (Validator v : validators.getValidatorsList()) {
      encodedValidators.add(HEX.formatHex(Protobufs.encode(v)));
    }
    vs.put("public_key_hex", HEX.formatHex(validator.publicKey()));
    vs.put("power", 10);
    ObjectNode commit = root.putObject("last_commit");
    ArrayNode precommits = commit.putArray("precommit_bytes_hex");
    for (Vote v : lastCommit.getPrecommitsList()) {
      precommits.add(HEX.formatHex(Protobufs.encode(v)));
    }
    byte[] blockBytes = Protobufs.encode(block);
    PartSet parts = PartSet.of(blockBytes);
    ObjectNode b = root.putObject("block");
    b.put("block_bytes_hex", HEX.formatHex(blockBytes));
    b.set("block_id", blockIdJson(BlockHashes.blockId(block)));
    b.put("parts_total", parts.total());
    return root;
  }

  // ---------------------------------------------------------------- CIDs

  static ObjectNode cids() {
    ObjectNode root = JSON.objectNode();
    root.put(
        "description",
        "Particles. key = binary CIDv1 = varint(1) varint(codec) varint(multihash code)"
            + " varint(32) digest; a CIDv0 and the CIDv1 of the same codec and multihash have"
            + " the same key. Invalid values carry the reason Cid.parse gives.");
    ArrayNode valid = root.putArray("valid");
    byte[] digest = Hashes.sha256("cyber particle".getBytes(StandardCharsets.UTF_8));
    List<String> texts = new ArrayList<>(List.of(CID_V0, CID_V1_SAME, CID_RAW, CID_BLAKE2B));
    long[] codecs = {Cid.CODEC_RAW, Cid.CODEC_DAG_PB, Cid.CODEC_DAG_CBOR};
    long[] hashes = {Cid.HASH_SHA2_256, Cid.HASH_BLAKE2B_256, Cid.HASH_BLAKE3};
    for (long codec : codecs) {
      for (long hash : hashes) {
        texts.add("b" + Base32.encode(binaryCid(1, codec, hash, 32, digest)));
      }
    }
    texts.add(Base58.encode(concat(new byte[] {0x12, 0x20}, digest)));
    for (String text : texts) {
      Cid cid = Cid.parse(text);
      ObjectNode c = valid.addObject();
      c.put("text", text);
      c.put("version", cid.version());
      c.put("codec", "0x" + Long.toHexString(cid.codec()));
      c.put("multihash", "0x" + Long.toHexString(cid.multihashCode()));
      c.put("digest_hex", HEX.formatHex(cid.digest()));
      c.put("key_hex", HEX.formatHex(cid.key()));
      c.put("v1", cid.toV1String());
    }
    ArrayNode invalid = root.putArray("invalid");
    byte[] zero = new byte[32];
    String good = "b" + Base32.encode(binaryCid(1, 0x55, 0x12, 32, zero));
    List<String> bad =
        List.of(
            "",
            " " + CID_V0,
            CID_V0.substring(0, 45) + "0",
            CID_V0.substring(0, 45),
            "b" + Base32.encode(binaryCid(1, 0x55, 0x12, 20, new byte[20])),
            "b" + Base32.encode(binaryCid(1, 0x55, 0x00, 32, zero)),
            "b" + Base32.encode(binaryCid(1, 0x55, 0x13, 32, zero)),
            "b" + Base32.encode(binaryCid(1, 0x0129, 0x12, 32, zero)),
            "b" + Base32.encode(binaryCid(2, 0x55, 0x12, 32, zero)),
            "B" + good.substring(1).toUpperCase(),
            good.substring(0, 5) + "A" + good.substring(6),
            "z" + Base58.encode(binaryCid(1, 0x55, 0x12, 32, zero)),
            "b" + Base32.encode(new byte[] {1, (byte) 0x80}),
            "b" + Base32.encode(new byte[] {(byte) 0x81, 0x00, 0x55}),
            good.substring(0, good.length() - 1) + "b",
            good + "aa",
            "b" + "a".repeat(100));
    for (String text : bad) {
      try {
        Cid.parse(text);
        throw new IllegalStateException("invalid CID vector parses: " + text);
      } catch (InvalidCidException e) {
        invalid.addObject().put("text", text).put("reason", e.reason());
      }
    }
    return root;
  }

  static byte[] binaryCid(long version, long codec, long hash, int length, byte[] digest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Varint.write(out, version);
    Varint.write(out, codec);
    Varint.write(out, hash);
    Varint.write(out, length);
    out.writeBytes(digest);
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- app hash

  static ObjectNode appHash() {
    ObjectNode root = JSON.objectNode();
    root.put(
        "description",
        "App hash = SHA-256(links_root ‖ accounts_root ‖ results_hash). Link leaf = neuron(20)"
            + " ‖ u16 len ‖ from key ‖ u16 len ‖ to key ‖ be64 height. Account leaf = address(20)"
            + " ‖ be64 balance ‖ be64 sequence ‖ be64 bandwidth available ‖ be64 bandwidth last"
            + " height, sorted by address. results_hash = root over tx hashes. Frontier = be64"
            + " size ‖ perfect-subtree roots, largest first.");
    KeyPair alice = key(1);
    KeyPair bob = key(2);
    String[][] links = {
      {"1", CID_V0, CID_RAW, "1"},
      {"2", CID_RAW, CID_BLAKE2B, "2"},
      {"2", CID_BLAKE2B, CID_V1_SAME, "2"},
      {"1", CID_V1_SAME, CID_RAW, "3"},
      {"2", CID_RAW, CID_V0, "3"},
    };
    ArrayNode linkNodes = root.putArray("links");
    List<byte[]> linkLeaves = new ArrayList<>();
    MerkleFrontier frontier = new MerkleFrontier();
    for (String[] link : links) {
      KeyPair neuron = link[0].equals("1") ? alice : bob;
      byte[] leaf =
          AppHash.linkLeaf(
              neuron.address(),
              Cid.parse(link[1]).key(),
              Cid.parse(link[2]).key(),
              Long.parseLong(link[3]));
      linkLeaves.add(leaf);
      frontier.append(leaf);
      linkNodes.addObject()
          .put("neuron", Address.toBech32(neuron.address()))
          .put("from", link[1])
          .put("to", link[2])
          .put("height", link[3])
          .put("leaf_hex", HEX.formatHex(leaf));
    }
    root.put("links_root_hex", HEX.formatHex(Merkle.root(linkLeaves)));
    root.put("links_frontier_hex", HEX.formatHex(frontier.toBytes()));
    ArrayNode proofs = root.putArray("link_proofs");
    for (int i = 0; i < linkLeaves.size(); i++) {
      ArrayNode path = proofs.addObject().put("index", i).putArray("path_hex");
      for (byte[] p : Merkle.proof(linkLeaves, i)) {
        path.add(HEX.formatHex(p));
      }
    }
    List<byte[]> accountLeaves = new ArrayList<>();
    List<KeyPair> sorted = new ArrayList<>(List.of(alice, bob, key(10)));
    sorted.sort((a, b) -> java.util.Arrays.compareUnsigned(a.address(), b.address()));
    ArrayNode accounts = root.putArray("accounts");
    long balance = 1_000_000_000_000L;
    for (KeyPair account : sorted) {
      long sequence = accountLeaves.size() + 1;
      byte[] leaf = AppHash.accountLeaf(account.address(), balance, sequence, 1234, 3);
      accountLeaves.add(leaf);
      accounts.addObject()
          .put("address", Address.toBech32(account.address()))
          .put("balance", Long.toString(balance))
          .put("sequence", Long.toString(sequence))
          .put("bandwidth_available", "1234")
          .put("bandwidth_last_height", "3")
          .put("leaf_hex", HEX.formatHex(leaf));
      balance += 1;
    }
    byte[] accountsRoot = AppHash.accountsRoot(accountLeaves);
    root.put("accounts_root_hex", HEX.formatHex(accountsRoot));
    List<byte[]> txHashes = List.of(Hashes.sha256(new byte[] {1}), Hashes.sha256(new byte[] {2}));
    ArrayNode txs = root.putArray("tx_hashes_hex");
    txHashes.forEach(h -> txs.add(HEX.formatHex(h)));
    byte[] results = AppHash.resultsHash(txHashes);
    root.put("results_hash_hex", HEX.formatHex(results));
    root.put("app_hash_hex", HEX.formatHex(AppHash.appHash(frontier.root(), accountsRoot, results)));
    return root;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
