package io.cybergraph.node.sync;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.codec.BlockHashes;
import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.BlockResponse;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Header;
import io.cybergraph.proto.pb.ValidatorSet;
import java.util.Arrays;

/**
 * Checks a block received from a peer in two steps.
 *
 * <ol>
 *   <li>{@link #verify}: does the response prove itself? The block has the height asked for,
 *       its ID (header hash and part-set hash of its encoding, so every byte of the block is
 *       covered) is the one its commit is for, and the commit verifies ({@link CommitVerifier}).
 *       A failure is the peer's fault. Needs no chain state, so it can run ahead, in parallel.
 *   <li>{@link #checkLinks}: does the verified block continue this node's chain? Chain id,
 *       {@code last_block_id} = the ID of our latest block, {@code last_commit} is for that
 *       block and hashes to {@code last_commit_hash}, {@code data_hash} (txs and evidence) and
 *       {@code validators_hash} match. (The evidence itself is verified when the block is
 *       applied, with every other application check.) The block is signed by more than 2/3 of the power, so a
 *       mismatch is no peer's fault: the node halts ({@link ChainHaltException}).
 * </ol>
 *
 * <p>Thread-safe (immutable).
 */
public final class BlockVerifier {
  private final String chainId;
  private final CommitVerifier commits;
  private final ByteString validatorsHash;

  public BlockVerifier(String chainId, ValidatorSet validators) {
    this.chainId = chainId;
    this.commits = new CommitVerifier(chainId, validators);
    this.validatorsHash = ByteString.copyFrom(BlockHashes.validatorsHash(validators));
  }

  /**
   * Checks that {@code response} is the block at {@code height} with a commit that finalises it.
   *
   * @throws BadBlockException naming what is wrong (the sender is at fault)
   */
  public VerifiedBlock verify(BlockResponse response, long height) throws BadBlockException {
    if (!response.hasBlock() || !response.hasCommit()) {
      throw new BadBlockException("response to a request for block " + height
          + " lacks the block or its commit");
    }
    Block block = response.getBlock();
    long got = block.getHeader().getHeight();
    if (got != height) {
      throw new BadBlockException("asked for block " + height + ", got block " + got);
    }
    BlockID blockId = BlockHashes.blockId(block);
    Commit commit = response.getCommit();
    if (!commit.getBlockId().equals(blockId)) {
      throw new BadBlockException("block " + height + " with hash " + Hex.of(blockId)
          + " is not the block its commit finalises (" + Hex.of(commit.getBlockId())
          + (blockId.getHash().equals(commit.getBlockId().getHash()) ? ", other parts" : "")
          + ")");
    }
    try {
      commits.verify(commit, height, blockId);
    } catch (InvalidCommitException e) {
      throw new BadBlockException("commit of block " + height + ": " + e.getMessage());
    }
    return new VerifiedBlock(height, block, commit, blockId);
  }

  /**
   * Checks that a verified block continues the chain whose latest block is {@code tipHeight}
   * with ID {@code tipId}.
   *
   * @throws ChainHaltException naming the height and the field that differs
   */
  public void checkLinks(VerifiedBlock verified, long tipHeight, BlockID tipId) {
    long height = verified.height();
    Block block = verified.block();
    Header header = block.getHeader();
    if (height != tipHeight + 1) {
      throw new IllegalStateException("block " + height + " does not follow height " + tipHeight);
    }
    if (!header.getChainId().equals(chainId)) {
      throw new ChainHaltException(height, "has chain id \"" + header.getChainId()
          + "\", this chain is \"" + chainId + "\"");
    }
    if (height == 1) {
      if (header.hasLastBlockId() || block.getLastCommit().getPrecommitsCount() > 0) {
        throw new ChainHaltException(height, "is the first block but names a previous block");
      }
    } else {
      if (!header.getLastBlockId().equals(tipId)) {
        throw new ChainHaltException(height, "follows block " + Hex.of(header.getLastBlockId())
            + ", but block " + tipHeight + " of this node is " + Hex.of(tipId) + " (fork)");
      }
      Commit last = block.getLastCommit();
      if (last.getHeight() != tipHeight || !last.getBlockId().equals(tipId)) {
        throw new ChainHaltException(height, "carries a last commit for block "
            + last.getHeight() + " " + Hex.of(last.getBlockId()) + ", expected " + tipHeight
            + " " + Hex.of(tipId));
      }
    }
    requireEqual(height, "last_commit_hash", header.getLastCommitHash().toByteArray(),
        BlockHashes.commitHash(block.getLastCommit()));
    requireEqual(height, "data_hash", header.getDataHash().toByteArray(),
        BlockHashes.dataHash(block));
    requireEqual(height, "validators_hash", header.getValidatorsHash().toByteArray(),
        validatorsHash.toByteArray());
  }

  private static void requireEqual(long height, String field, byte[] got, byte[] expected) {
    if (!Arrays.equals(got, expected)) {
      throw new ChainHaltException(height, "has " + field + " " + Hex.of(got)
          + ", this node computes " + Hex.of(expected));
    }
  }
}
