package io.cybergraph.proto.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.merkle.Merkle;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Data;
import io.cybergraph.proto.pb.Evidence;
import io.cybergraph.proto.pb.EvidenceList;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.Validator;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The hashes of a block: header (block hash), data, commit, validators, and the block ID. */
public final class BlockHashes {

  /** Number of header fields, hashed in field-number order 1..11. */
  public static final int HEADER_FIELDS = 11;

  private BlockHashes() {}

  /**
   * Block hash: RFC 6962 root over the 11 header leaves. Leaf i is the deterministic encoding of
   * a one-field message {@code { T value = 1; }} holding header field i: a default value (0, "",
   * empty bytes, unset message) gives the empty leaf; otherwise the leaf is tag 0x08 + varint for
   * int64 fields, or tag 0x0A + varint length + bytes for string, bytes and message fields (the
   * message as its own deterministic encoding).
   */
  public static byte[] headerHash(Header header) {
    return Merkle.root(headerLeaves(header));
  }

  /** The 11 header leaves, field 1 first (see {@link #headerHash}). */
  public static List<byte[]> headerLeaves(Header header) {
    List<byte[]> leaves = new ArrayList<>(HEADER_FIELDS);
    leaves.add(stringLeaf(header.getChainId()));
    leaves.add(int64Leaf(header.getHeight()));
    leaves.add(int64Leaf(header.getTimeNs()));
    leaves.add(header.hasLastBlockId() ? messageLeaf(header.getLastBlockId()) : new byte[0]);
    leaves.add(bytesLeaf(header.getLastCommitHash()));
    leaves.add(bytesLeaf(header.getDataHash()));
    leaves.add(bytesLeaf(header.getValidatorsHash()));
    leaves.add(bytesLeaf(header.getAppHash()));
    leaves.add(bytesLeaf(header.getRankRoot()));
    leaves.add(int64Leaf(header.getRankHeight()));
    leaves.add(bytesLeaf(header.getProposer()));
    return leaves;
  }

  /** data_hash: RFC 6962 root over the TxRaw bytes in block order. */
  public static byte[] dataHash(List<byte[]> txs) {
    return Merkle.root(txs);
  }

  /** data_hash of a block's data (a block without evidence). */
  public static byte[] dataHash(Data data) {
    return dataHash(txsOf(data));
  }

  /** Prefix byte of the data hash of a block with evidence; RFC 6962 uses only 0x00 and 0x01. */
  public static final byte DATA_WITH_EVIDENCE_PREFIX = 0x02;

  /**
   * data_hash of txs and evidence: {@code MTH(txs)} when the evidence list is empty (the hash
   * of every block without evidence is unchanged), else {@code SHA256(0x02 ‖ MTH(txs) ‖
   * evidence_hash)}. The header has no evidence field, so the evidence is bound to the block
   * hash through data_hash; the 0x02 prefix keeps this from equalling any RFC 6962 node.
   */
  public static byte[] dataHash(List<byte[]> txs, EvidenceList evidence) {
    byte[] txRoot = Merkle.root(txs);
    if (evidence.getEvidenceCount() == 0) {
      return txRoot;
    }
    return Hashes.sha256(new byte[] {DATA_WITH_EVIDENCE_PREFIX}, txRoot, evidenceHash(evidence));
  }

  /** data_hash of a block: its txs and its evidence (see {@link #dataHash(List, EvidenceList)}). */
  public static byte[] dataHash(Block block) {
    return dataHash(txsOf(block.getData()), block.getEvidence());
  }

  /** evidence_hash: RFC 6962 root over the encoded {@code Evidence} items in block order. */
  public static byte[] evidenceHash(EvidenceList evidence) {
    List<byte[]> encoded = new ArrayList<>(evidence.getEvidenceCount());
    for (Evidence e : evidence.getEvidenceList()) {
      encoded.add(Protobufs.encode(e));
    }
    return Merkle.root(encoded);
  }

  private static List<byte[]> txsOf(Data data) {
    List<byte[]> txs = new ArrayList<>(data.getTxsCount());
    for (ByteString tx : data.getTxsList()) {
      txs.add(tx.toByteArray());
    }
    return txs;
  }

  /** last_commit_hash: RFC 6962 root over the encoded precommits in commit order. */
  public static byte[] commitHash(Commit commit) {
    List<byte[]> votes = new ArrayList<>(commit.getPrecommitsCount());
    for (Vote vote : commit.getPrecommitsList()) {
      votes.add(Protobufs.encode(vote));
    }
    return Merkle.root(votes);
  }

  /** validators_hash: RFC 6962 root over the encoded validators in set order. */
  public static byte[] validatorsHash(ValidatorSet validators) {
    List<byte[]> encoded = new ArrayList<>(validators.getValidatorsCount());
    for (Validator validator : validators.getValidatorsList()) {
      encoded.add(Protobufs.encode(validator));
    }
    return Merkle.root(encoded);
  }

  /** The parts of the block's deterministic encoding. */
  public static PartSet partSet(byte[] blockBytes) {
    return PartSet.of(blockBytes);
  }

  /** BlockID{hash = header hash, parts = part-set header of the encoded block}. */
  public static BlockID blockId(Block block) {
    return blockId(block.getHeader(), Protobufs.encode(block));
  }

  /**
   * {@link #blockId(Block)} of a block already encoded: {@code blockBytes} must be {@code
   * Protobufs.encode(block)} of the block whose header is {@code header} (the caller keeps the
   * bytes to store them, so the block is encoded once).
   */
  public static BlockID blockId(Header header, byte[] blockBytes) {
    return BlockID.newBuilder()
        .setHash(ByteString.copyFrom(headerHash(header)))
        .setParts(PartSet.of(blockBytes).header())
        .build();
  }

  private static byte[] int64Leaf(long value) {
    if (value == 0) {
      return new byte[0];
    }
    byte[] out = new byte[CodedOutputStream.computeInt64Size(1, value)];
    write(out, stream -> stream.writeInt64(1, value));
    return out;
  }

  private static byte[] stringLeaf(String value) {
    if (value.isEmpty()) {
      return new byte[0];
    }
    byte[] out = new byte[CodedOutputStream.computeStringSize(1, value)];
    write(out, stream -> stream.writeString(1, value));
    return out;
  }

  private static byte[] bytesLeaf(ByteString value) {
    if (value.isEmpty()) {
      return new byte[0];
    }
    byte[] out = new byte[CodedOutputStream.computeBytesSize(1, value)];
    write(out, stream -> stream.writeBytes(1, value));
    return out;
  }

  private static byte[] messageLeaf(MessageLite value) {
    byte[] body = Protobufs.encode(value);
    byte[] out = new byte[CodedOutputStream.computeByteArraySize(1, body)];
    write(out, stream -> stream.writeByteArray(1, body));
    return out;
  }

  private interface Writer {
    void write(CodedOutputStream stream) throws IOException;
  }

  private static void write(byte[] out, Writer writer) {
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    stream.useDeterministicSerialization();
    try {
      writer.write(stream);
    } catch (IOException e) {
      throw new IllegalStateException("encoding into an array cannot fail", e);
    }
    stream.checkNoSpaceLeft();
  }
}
