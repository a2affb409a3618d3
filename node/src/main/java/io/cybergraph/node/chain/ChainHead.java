package io.cybergraph.node.chain;

import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Header;

/**
 * The last committed block as the next one (and RPC) needs it: its height, ID and header, the
 * commit that finalised it (which the next block carries as {@code last_commit}), the link count
 * after it and the three parts of the app hash after it. Height 0 is the genesis: no header, no
 * commit.
 *
 * @param height the committed height (0 before block 1)
 * @param blockId the block's ID (default instance at height 0)
 * @param header the block's header (null at height 0)
 * @param commit the commit that finalised the block (null at height 0)
 * @param linkCount links in the log after this block
 * @param linksRoot links_root after this block
 * @param accountsRoot accounts_root after this block
 * @param resultsHash results_hash of this block
 * @param appHash the app hash after this block (header height + 1 carries it)
 */
public record ChainHead(
    long height,
    BlockID blockId,
    Header header,
    Commit commit,
    long linkCount,
    byte[] linksRoot,
    byte[] accountsRoot,
    byte[] resultsHash,
    byte[] appHash) {

  /** Header time of the block, or {@code genesisTimeNs} at height 0. */
  public long timeNs(long genesisTimeNs) {
    return header == null ? genesisTimeNs : header.getTimeNs();
  }
}
