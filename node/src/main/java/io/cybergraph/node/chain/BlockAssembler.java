package io.cybergraph.node.chain;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.Data;
import io.cybergraph.proto.pb.EvidenceList;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.ValidatorSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a block together per the design's header rules: height and BFT time, the previous
 * block's ID and commit (and its hash), the data hash over the txs, the validators hash, the app
 * hash after the previous height, and the rank root of {@code rank_height = max(0, h − L)}.
 */
public final class BlockAssembler {
  private final String chainId;
  private final long genesisTimeNs;
  private final ValidatorSet validators;
  private final byte[] validatorsHash;
  private final int lagBlocks;

  public BlockAssembler(String chainId, long genesisTimeNs, ValidatorSet validators, int lagBlocks) {
    this.chainId = chainId;
    this.genesisTimeNs = genesisTimeNs;
    this.validators = validators;
    this.validatorsHash = BlockHashes.validatorsHash(validators);
    this.lagBlocks = lagBlocks;
  }

  /** The rank height a header at {@code height} commits to. */
  public long rankHeight(long height) {
    return Math.max(0, height - lagBlocks);
  }

  public int lagBlocks() {
    return lagBlocks;
  }

  public String chainId() {
    return chainId;
  }

  public ValidatorSet validators() {
    return validators;
  }

  /** BFT time of the block after {@code head}: genesis time at height 1. */
  public long timeAfter(ChainHead head) {
    return head.height() == 0 ? genesisTimeNs : BftTime.median(head.commit(), validators);
  }

  /**
   * The block at {@code head.height() + 1}.
   *
   * @param txs TxRaw bytes in block order
   * @param appHash the app hash after {@code head.height()}
   * @param rankRoot the rank root of height {@link #rankHeight}
   * @param proposer the proposer's 20-byte address
   */
  public Block assemble(
      ChainHead head, List<byte[]> txs, byte[] appHash, byte[] rankRoot, byte[] proposer) {
    return assemble(head, txs, EvidenceList.getDefaultInstance(), appHash, rankRoot, proposer);
  }

  /**
   * The block at {@code head.height() + 1} with evidence. The header has no evidence field:
   * the evidence is bound through {@code data_hash} ({@link BlockHashes#dataHash(List,
   * EvidenceList)}), and {@code Block.evidence} is left unset when there is none, so blocks
   * without evidence keep their encoding.
   */
  public Block assemble(ChainHead head, List<byte[]> txs, EvidenceList evidence, byte[] appHash,
      byte[] rankRoot, byte[] proposer) {
    long height = head.height() + 1;
    Data.Builder data = Data.newBuilder();
    for (byte[] tx : txs) {
      data.addTxs(ByteString.copyFrom(tx));
    }
    Header.Builder header =
        Header.newBuilder()
            .setChainId(chainId)
            .setHeight(height)
            .setTimeNs(timeAfter(head))
            .setLastCommitHash(
                ByteString.copyFrom(
                    head.commit() == null ? Hashes.EMPTY_SHA256 : BlockHashes.commitHash(head.commit())))
            .setDataHash(ByteString.copyFrom(BlockHashes.dataHash(txs, evidence)))
            .setValidatorsHash(ByteString.copyFrom(validatorsHash))
            .setAppHash(ByteString.copyFrom(appHash))
            .setRankRoot(ByteString.copyFrom(rankRoot))
            .setRankHeight(rankHeight(height))
            .setProposer(ByteString.copyFrom(proposer));
    Block.Builder block = Block.newBuilder().setData(data);
    if (evidence.getEvidenceCount() > 0) {
      block.setEvidence(evidence);
    }
    if (head.height() > 0) {
      header.setLastBlockId(head.blockId());
      block.setLastCommit(head.commit());
    }
    return block.setHeader(header).build();
  }

  /**
   * Checks a block's header against what this node computes for it (everything but the
   * proposer's choices: txs and proposer); returns null when it matches, else the first
   * difference.
   */
  public String mismatch(Block block, ChainHead head, byte[] appHash, byte[] rankRoot) {
    return mismatch(block, txsOf(block), head, appHash, rankRoot);
  }

  /** {@link #mismatch(Block, ChainHead, byte[], byte[])} with the block's txs copied already. */
  String mismatch(Block block, List<byte[]> txs, ChainHead head, byte[] appHash, byte[] rankRoot) {
    Header h = block.getHeader();
    Block expected =
        assemble(head, txs, block.getEvidence(), appHash, rankRoot, h.getProposer().toByteArray());
    Header e = expected.getHeader();
    if (!h.getChainId().equals(e.getChainId())) {
      return "chain_id " + h.getChainId() + ", expected " + e.getChainId();
    }
    if (h.getHeight() != e.getHeight()) {
      return "height " + h.getHeight() + ", expected " + e.getHeight();
    }
    if (h.getTimeNs() != e.getTimeNs()) {
      return "time " + h.getTimeNs() + ", expected BFT time " + e.getTimeNs();
    }
    if (!h.getAppHash().equals(e.getAppHash())) {
      return "app_hash " + hex(h.getAppHash()) + ", this node computed " + hex(e.getAppHash());
    }
    if (h.getRankHeight() != e.getRankHeight()) {
      return "rank_height " + h.getRankHeight() + ", expected " + e.getRankHeight();
    }
    if (!h.getRankRoot().equals(e.getRankRoot())) {
      return "rank_root " + hex(h.getRankRoot()) + " of rank height " + h.getRankHeight()
          + ", this node computed " + hex(e.getRankRoot());
    }
    if (block.hasEvidence() && block.getEvidence().getEvidenceCount() == 0) {
      return "evidence list is set but empty (leave it unset)";
    }
    if (!h.getDataHash().equals(e.getDataHash())) {
      return "data_hash " + hex(h.getDataHash()) + ", the txs and evidence hash to "
          + hex(e.getDataHash());
    }
    if (!h.equals(e) || !block.getLastCommit().equals(expected.getLastCommit())) {
      return "header or last commit differs from the one this node builds";
    }
    return null;
  }

  static List<byte[]> txsOf(Block block) {
    List<byte[]> txs = new ArrayList<>(block.getData().getTxsCount());
    for (ByteString tx : block.getData().getTxsList()) {
      txs.add(tx.toByteArray());
    }
    return txs;
  }

  private static String hex(ByteString b) {
    return java.util.HexFormat.of().formatHex(b.toByteArray());
  }

}
