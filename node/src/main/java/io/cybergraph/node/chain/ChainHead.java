package io.cybergraph.node.chain;

import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.Header;

/**
 * The last committed block as the next one needs it: its height, ID and header, and the commit
 * that finalised it (which the next block carries as {@code last_commit}). Height 0 is the
 * genesis: no header, no commit.
 *
 * @param height the committed height (0 before block 1)
 * @param blockId the block's ID (default instance at height 0)
 * @param header the block's header (null at height 0)
 * @param commit the commit that finalised the block (null at height 0)
 */
public record ChainHead(long height, BlockID blockId, Header header, Commit commit) {

  public static final ChainHead GENESIS = new ChainHead(0, BlockID.getDefaultInstance(), null, null);

  /** Header time of the block, or {@code genesisTimeNs} at height 0. */
  public long timeNs(long genesisTimeNs) {
    return header == null ? genesisTimeNs : header.getTimeNs();
  }
}
