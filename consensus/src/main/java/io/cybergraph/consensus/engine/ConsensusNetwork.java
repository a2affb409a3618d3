package io.cybergraph.consensus.engine;

import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Vote;

/** How consensus sends: our signed messages, to every validator (the reactor gossips them). */
public interface ConsensusNetwork {
  void broadcast(Proposal proposal);

  void broadcast(Vote vote);
}
