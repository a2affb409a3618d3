package io.cybergraph.node.consensus;

import io.cybergraph.p2p.NodeId;
import io.cybergraph.proto.pb.BlockPart;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Vote;

/**
 * What the reactor hands to consensus: messages that passed the checks that need no state
 * (shape, and for a block part its Merkle proof). Called on p2p I/O threads: implementations
 * queue the work and return at once.
 */
public interface ConsensusInbox {
  void onProposal(NodeId from, Proposal proposal);

  void onVote(NodeId from, Vote vote);

  void onBlockPart(NodeId from, BlockPart part);
}
