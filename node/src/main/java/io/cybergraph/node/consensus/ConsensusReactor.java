package io.cybergraph.node.consensus;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.P2pNode;
import io.cybergraph.p2p.PeerInfo;
import io.cybergraph.p2p.PeerListener;
import io.cybergraph.p2p.PeerMisbehaviourException;
import io.cybergraph.proto.codec.PartSet;
import io.cybergraph.proto.pb.BlockPart;
import io.cybergraph.proto.pb.Channel;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.ConsensusMessage;
import io.cybergraph.proto.pb.ConsensusStep;
import io.cybergraph.proto.pb.HasVote;
import io.cybergraph.proto.pb.NewRoundStep;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.Vote;
import io.cybergraph.proto.pb.VoteType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consensus on the {@code CHANNEL_CONSENSUS} channel (docs/consensus.md, "The reactor"):
 *
 * <ul>
 *   <li>receiving (p2p I/O threads): each {@code ConsensusMessage} is checked for shape (and a
 *       block part for its Merkle proof against the part-set root it names), recorded as had by
 *       the sender, and handed to the {@link ConsensusInbox}; garbage bans the sender through
 *       the p2p layer, and so does what consensus later finds invalid ({@link #punish});
 *   <li>sending (one gossip thread): for every peer, what it lacks of the {@link GossipBook} for
 *       the peer's height — our position, proposals, their block parts, votes; or, for a peer one
 *       height behind, the commit and block of that height — at every change and at least every
 *       {@code gossipIntervalMillis}; a peer whose position has not moved for {@code
 *       stuckMillis} gets everything again (less and less often while it stays, see {@link
 *       PeerRoundState#stuck}).
 * </ul>
 */
public final class ConsensusReactor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsensusReactor.class);

  /** Largest block accepted in parts: 1024 × 64 KiB = 64 MiB. */
  static final int MAX_PARTS = 1024;

  /** Timings of the gossip thread. */
  public record Settings(long gossipIntervalMillis, long stuckMillis) {
    public static final Settings DEFAULT = new Settings(100, 2_000);
  }

  private final P2pNode p2p;
  private final GossipBook book;
  private final ConsensusInbox inbox;
  private final Settings settings;
  private final LongSupplier nanoClock;
  private final Map<NodeId, PeerRoundState> peers = new ConcurrentHashMap<>();
  private final Object wakeLock = new Object();
  private final PeerListener listener = new Listener();
  private boolean woken;
  private volatile boolean running;
  private Thread thread;

  public ConsensusReactor(P2pNode p2p, GossipBook book, ConsensusInbox inbox, Settings settings) {
    this(p2p, book, inbox, settings, System::nanoTime);
  }

  ConsensusReactor(P2pNode p2p, GossipBook book, ConsensusInbox inbox, Settings settings,
      LongSupplier nanoClock) {
    this.p2p = p2p;
    this.book = book;
    this.inbox = inbox;
    this.settings = settings;
    this.nanoClock = nanoClock;
  }

  /** Registers the channel handler and starts gossiping (call before the p2p node starts). */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    p2p.setHandler(Channel.CHANNEL_CONSENSUS, this::onMessage);
    p2p.addPeerListener(listener);
    for (PeerInfo peer : p2p.peers()) {
      listener.peerConnected(peer);
    }
    thread = new Thread(this::gossipLoop, "consensus-gossip");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
      p2p.setHandler(Channel.CHANNEL_CONSENSUS, null);
      p2p.removePeerListener(listener);
      t = thread;
    }
    wake();
    try {
      t.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Something new to gossip: the gossip thread runs now rather than at its next tick. */
  public void wake() {
    synchronized (wakeLock) {
      woken = true;
      wakeLock.notifyAll();
    }
  }

  /**
   * Consensus found a message from {@code peer} invalid (e.g. a bad signature): ban it. Once: the
   * messages it had queued before the ban are dropped ({@link #banned}), and one more that was
   * being handled meanwhile is no second ban nor line.
   */
  public void punish(NodeId peer, String reason) {
    if (p2p.isBanned(peer)) {
      LOG.debug("consensus: banned peer {} also sent {}", peer, reason);
      return;
    }
    LOG.warn("consensus: peer {} sent {}; banned", peer, reason);
    p2p.ban(peer, "consensus: " + reason);
  }

  /**
   * True while {@code peer} is banned: what it queued for the consensus thread before its ban is
   * dropped there unread. Each of those messages used to be verified and found invalid again,
   * one WARN line and one ban each (~70 lines per connection, and node keys cost nothing).
   */
  public boolean banned(NodeId peer) {
    return p2p.isBanned(peer);
  }

  /** Tells the peers (but {@code from}) that we have {@code vote}, so they do not send it. */
  public void announceHasVote(Vote vote, NodeId from) {
    byte[] msg = ConsensusMessage.newBuilder()
        .setHasVote(HasVote.newBuilder()
            .setHeight(vote.getHeight())
            .setRound(vote.getRound())
            .setType(vote.getType())
            .setIndex(vote.getValidatorIndex())
            .setBlockHash(vote.getBlockId().getHash()))
        .build()
        .toByteArray();
    String key = GossipKeys.vote(vote);
    for (Map.Entry<NodeId, PeerRoundState> e : peers.entrySet()) {
      PeerRoundState peer = e.getValue();
      if (!e.getKey().equals(from) && peer.height() == vote.getHeight() && peer.lacks(key)) {
        p2p.send(e.getKey(), Channel.CHANNEL_CONSENSUS, msg);
      }
    }
  }

  /** The consensus heights of connected peers that announced one (for logs and tests). */
  public Map<NodeId, Long> peerHeights() {
    Map<NodeId, Long> out = new java.util.TreeMap<>();
    peers.forEach((id, p) -> out.put(id, p.height()));
    return out;
  }

  // ---- receiving ------------------------------------------------------------------------------

  private void onMessage(NodeId from, byte[] payload)
      throws InvalidProtocolBufferException, PeerMisbehaviourException {
    ConsensusMessage m = ConsensusMessage.parseFrom(payload);
    String malformed = MessageShapes.problem(m, payload.length);
    if (malformed != null) {
      throw new PeerMisbehaviourException("consensus: " + malformed);
    }
    PeerRoundState peer = peers.get(from);
    if (peer == null) {
      // its disconnect was handled already (a message read just before): making its state
      // again would keep it, and the gossip thread would send to it, for ever
      return;
    }
    switch (m.getSumCase()) {
      case NEW_ROUND_STEP -> {
        NewRoundStep s = m.getNewRoundStep();
        if (s.getHeight() < 0 || s.getRound() < 0 || s.getStep() == ConsensusStep.UNRECOGNIZED) {
          throw new PeerMisbehaviourException("consensus: bad NewRoundStep " + shortText(s));
        }
        peer.update(s, nanoClock.getAsLong(), settings.stuckMillis() * 1_000_000);
        wake();
      }
      case PROPOSAL -> {
        Proposal p = m.getProposal();
        if (p.getHeight() < 1 || p.getRound() < 0) {
          throw new PeerMisbehaviourException("consensus: proposal at height " + p.getHeight()
              + " round " + p.getRound());
        }
        peer.has(p.getHeight(), GossipKeys.proposal(p.getRound()));
        inbox.onProposal(from, p);
      }
      case BLOCK_PART -> {
        BlockPart part = checkPart(m.getBlockPart());
        peer.has(part.getHeight(), GossipKeys.part(part.getParts().getHash(), part.getIndex()));
        inbox.onBlockPart(from, part);
      }
      case VOTE -> {
        Vote v = m.getVote();
        if (v.getHeight() < 1 || v.getRound() < 0 || v.getValidatorIndex() < 0
            || (v.getType() != VoteType.VOTE_TYPE_PREVOTE
                && v.getType() != VoteType.VOTE_TYPE_PRECOMMIT)) {
          throw new PeerMisbehaviourException("consensus: malformed vote (type " + v.getType()
              + ", height " + v.getHeight() + ", round " + v.getRound() + ")");
        }
        peer.has(v.getHeight(), GossipKeys.vote(v));
        inbox.onVote(from, v);
      }
      case HAS_VOTE -> {
        HasVote h = m.getHasVote();
        if (h.getHeight() < 1 || h.getRound() < 0 || h.getIndex() < 0) {
          throw new PeerMisbehaviourException("consensus: malformed HasVote");
        }
        peer.has(h.getHeight(), GossipKeys.vote(h));
      }
      case SUM_NOT_SET -> throw new PeerMisbehaviourException("consensus: empty message");
    }
  }

  /** Shape and Merkle proof: a part that does not belong to the root it names is garbage. */
  private static BlockPart checkPart(BlockPart part) throws PeerMisbehaviourException {
    long total = Integer.toUnsignedLong(part.getParts().getTotal());
    if (part.getHeight() < 1 || part.getRound() < 0 || total == 0 || total > MAX_PARTS
        || part.getParts().getHash().size() != 32) {
      throw new PeerMisbehaviourException("consensus: malformed block part (height "
          + part.getHeight() + ", " + total + " parts)");
    }
    List<byte[]> proof = part.getProofList().stream().map(ByteString::toByteArray).toList();
    if (!PartSet.verify(part.getParts(), part.getIndex(), part.getBytes().toByteArray(), proof)) {
      throw new PeerMisbehaviourException("consensus: block part " + part.getIndex() + " of "
          + total + " at height " + part.getHeight() + " does not verify against its root");
    }
    return part;
  }

  private static String shortText(NewRoundStep s) {
    return s.getHeight() + "/" + s.getRound() + "/" + s.getStepValue();
  }

  // ---- sending --------------------------------------------------------------------------------

  private void gossipLoop() {
    long seen = -1;
    while (running) {
      try {
        long version = book.version();
        if (version == seen) {
          awaitWake(settings.gossipIntervalMillis());
        }
        seen = book.version();
        GossipBook.Snapshot snap = book.snapshot();
        long now = nanoClock.getAsLong();
        for (Map.Entry<NodeId, PeerRoundState> e : peers.entrySet()) {
          gossipTo(e.getKey(), e.getValue(), snap, now);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("consensus gossip: unexpected error: {}", e.toString());
      }
    }
  }

  private void awaitWake(long millis) throws InterruptedException {
    synchronized (wakeLock) {
      if (!woken) {
        wakeLock.wait(millis);
      }
      woken = false;
    }
  }

  private void gossipTo(NodeId id, PeerRoundState peer, GossipBook.Snapshot snap, long now) {
    GossipBook.Position ours = snap.position();
    if (peer.announce(ours)) {
      boolean sent = send(id, ConsensusMessage.newBuilder().setNewRoundStep(NewRoundStep.newBuilder()
          .setHeight(ours.height()).setRound(ours.round()).setStep(ours.step())).build());
      if (!sent) {
        peer.unannounce();
      }
    }
    long height = peer.height();
    if (height < 0 || height < ours.height() - 1 || height > ours.height()) {
      return; // unknown, far behind (block sync) or ahead of us
    }
    if (peer.stuck(now, settings.stuckMillis() * 1_000_000)) {
      LOG.debug("consensus: peer {} stuck at height {} round {} step {}; sending everything again",
          id, height, peer.round(), peer.step());
    }
    if (height == ours.height()) {
      for (Proposal p : snap.proposals()) {
        String key = GossipKeys.proposal(p.getRound());
        if (peer.lacks(key) && send(id, ConsensusMessage.newBuilder().setProposal(p).build())) {
          peer.sent(key);
        }
        if (!peer.lacks(key)) {
          GossipParts parts = snap.parts().get(p.getBlockId().getParts().getHash());
          if (parts != null) {
            sendParts(id, peer, parts, height, p.getRound());
          }
        }
      }
      for (Vote v : snap.votes()) {
        sendVote(id, peer, v);
      }
    } else if (snap.lastCommit() != null) {
      Commit last = snap.lastCommit();
      for (Vote v : last.getPrecommitsList()) {
        sendVote(id, peer, v);
      }
      if (snap.lastBlock() != null) {
        sendParts(id, peer, snap.lastBlock(), last.getHeight(), last.getRound());
      }
    }
  }

  private void sendParts(NodeId id, PeerRoundState peer, GossipParts parts, long height,
      int round) {
    for (int i = 0; i < parts.total(); i++) {
      String key = GossipKeys.part(parts.header().getHash(), i);
      if (peer.lacks(key)
          && send(id, ConsensusMessage.newBuilder().setBlockPart(parts.part(height, round, i))
              .build())) {
        peer.sent(key);
      }
    }
  }

  private void sendVote(NodeId id, PeerRoundState peer, Vote v) {
    String key = GossipKeys.vote(v);
    if (peer.lacks(key) && send(id, ConsensusMessage.newBuilder().setVote(v).build())) {
      peer.sent(key);
    }
  }

  private boolean send(NodeId id, ConsensusMessage m) {
    return p2p.send(id, Channel.CHANNEL_CONSENSUS, m.toByteArray());
  }

  private final class Listener implements PeerListener {
    @Override
    public void peerConnected(PeerInfo peer) {
      peers.put(peer.id(), new PeerRoundState(nanoClock.getAsLong()));
      wake();
    }

    @Override
    public void peerDisconnected(PeerInfo peer, String reason) {
      peers.remove(peer.id());
    }
  }
}
