package io.cybergraph.node.consensus;

import com.google.protobuf.ByteString;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.ConsensusStep;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Vote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this node can give its peers: where its consensus stands, and the signed proposals,
 * block parts and votes of its current height, plus the commit and block of the height before
 * (for peers one block behind). Written by the consensus thread, read by the gossip thread.
 * Only messages the engine accepted are here.
 */
public final class GossipBook {

  /** Our position as announced in {@code NewRoundStep}. */
  public record Position(long height, int round, ConsensusStep step) {}

  /** A consistent copy for one gossip pass. */
  record Snapshot(
      Position position,
      List<Proposal> proposals,
      Map<ByteString, GossipParts> parts,
      List<Vote> votes,
      Commit lastCommit,
      GossipParts lastBlock) {}

  private Position position = new Position(0, 0, ConsensusStep.CONSENSUS_STEP_NEW_HEIGHT);
  private final TreeMap<Integer, Proposal> proposals = new TreeMap<>();
  private final Map<ByteString, GossipParts> parts = new LinkedHashMap<>(); // by part-set root
  private final Map<String, Vote> votes = new LinkedHashMap<>();
  private Commit lastCommit;
  private GossipParts lastBlock;
  private long version;

  /**
   * The node committed {@code height - 1} with {@code lastCommit} and now works on {@code
   * height}: forgets the old height's messages.
   */
  public synchronized void newHeight(long height, Commit lastCommit, byte[] lastBlockBytes) {
    position = new Position(height, 0, ConsensusStep.CONSENSUS_STEP_NEW_HEIGHT);
    proposals.clear();
    parts.clear();
    votes.clear();
    this.lastCommit = lastCommit;
    this.lastBlock = lastBlockBytes == null ? null : GossipParts.of(lastBlockBytes);
    version++;
  }

  /** Sets the announced position (the height must be the book's). */
  public synchronized boolean position(int round, ConsensusStep step) {
    Position next = new Position(position.height(), round, step);
    if (next.equals(position)) {
      return false;
    }
    position = next;
    version++;
    return true;
  }

  public synchronized Position position() {
    return position;
  }

  /** Adds a proposal of the book's height; the first of a round stays. */
  synchronized boolean addProposal(Proposal p) {
    if (p.getHeight() != position.height() || proposals.containsKey(p.getRound())) {
      return false;
    }
    proposals.put(p.getRound(), p);
    version++;
    return true;
  }

  /** Adds a complete block of the book's height to give out in parts. */
  synchronized void addBlock(long height, byte[] blockBytes) {
    if (height != position.height()) {
      return;
    }
    GossipParts p = GossipParts.of(blockBytes);
    if (parts.putIfAbsent(p.header().getHash(), p) == null) {
      version++;
    }
  }

  /** Adds a vote of the book's height; false if it is there already or of another height. */
  synchronized boolean addVote(Vote v) {
    if (v.getHeight() != position.height()) {
      return false;
    }
    if (votes.putIfAbsent(GossipKeys.vote(v), v) != null) {
      return false;
    }
    version++;
    return true;
  }

  /** The round's (first) proposal, or null. */
  synchronized Proposal proposal(int round) {
    return proposals.get(round);
  }

  /** The block hash of the round's proposal, empty when none. */
  synchronized byte[] proposalHash(int round) {
    Proposal p = proposals.get(round);
    return p == null ? new byte[0] : p.getBlockId().getHash().toByteArray();
  }

  /** Every vote of the current height (for {@code /consensus_state}). */
  synchronized List<Vote> votes() {
    return new ArrayList<>(votes.values());
  }

  /** Changes with every addition: the gossip thread sleeps while it stays the same. */
  synchronized long version() {
    return version;
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(position, new ArrayList<>(proposals.values()), new LinkedHashMap<>(parts),
        new ArrayList<>(votes.values()), lastCommit, lastBlock);
  }
}
