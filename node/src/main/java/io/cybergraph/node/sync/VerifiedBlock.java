package io.cybergraph.node.sync;

import io.cybergraph.proto.pb.Block;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;

/**
 * A block whose commit verified: more than 2/3 of the power signed exactly this block.
 *
 * @param height the block's height
 * @param block the block
 * @param commit the commit that finalised it
 * @param blockId the block's ID (hash and parts), computed here, equal to the commit's
 */
public record VerifiedBlock(long height, Block block, Commit commit, BlockID blockId) {}
