package io.cybergraph.consensus.engine;

import com.google.protobuf.ByteString;
import io.cybergraph.consensus.adaptor.BlockIds;
import io.cybergraph.consensus.adaptor.HeightValidators;
import io.cybergraph.consensus.adaptor.ProposalValidator;
import io.cybergraph.consensus.adaptor.Verdict;
import io.cybergraph.consensus.adaptor.VoteValidator;
import io.cybergraph.consensus.signer.Signer;
import io.cybergraph.consensus.signer.SigningRefusedException;
import io.cybergraph.consensus.state.Action;
import io.cybergraph.consensus.state.Event;
import io.cybergraph.consensus.state.Evidence;
import io.cybergraph.consensus.state.Message;
import io.cybergraph.consensus.state.RoundState;
import io.cybergraph.consensus.state.Step;
import io.cybergraph.consensus.state.TendermintMachine;
import io.cybergraph.consensus.state.TimeoutConfig;
import io.cybergraph.consensus.state.Value;
import io.cybergraph.consensus.state.VoteType;
import io.cybergraph.consensus.wal.Wal;
import io.cybergraph.consensus.wal.WalRecord;
import io.cybergraph.proto.pb.BlockID;
import io.cybergraph.proto.pb.Commit;
import io.cybergraph.proto.pb.DuplicateVoteEvidence;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consensus engine the node drives: the pure {@link TendermintMachine} behind the protocol
 * boundary, with its write-ahead log and signer. Protocol messages and the application's answers go
 * in ({@code on…} methods, each with the node's current time); what the machine decides comes out
 * through {@link ConsensusNetwork}, {@link ConsensusApplication} and {@link TimeoutScheduler}.
 *
 * <p>Every input is appended to the WAL before the machine sees it, every action after. Our own
 * proposal or vote is built with the time of the input that caused it, then: the WAL is synced (so
 * that input is durable), the {@link Signer} signs (storing its state first), the signed message is
 * appended and synced, and only then sent.
 *
 * <p>{@link #start} on a log that holds the height resumes it: the inputs recorded since that
 * height began are fed again (with their recorded times), which rebuilds the exact round, step,
 * locks and votes; our recorded signed messages are reused rather than signed again; then whatever
 * is still outstanding is carried out again: our messages are re-sent, unexpired timeouts re-armed,
 * unanswered questions asked again, an uncommitted decision delivered again.
 *
 * <p>Lifecycle: {@code start(h)} → inputs … → {@code decided(commit)} → the node commits the block
 * → {@link #endHeight} → {@code start(h + 1)} → …. Single-threaded: the node calls it from its
 * consensus thread only.
 */
public final class ConsensusEngine {
  private static final Logger log = LoggerFactory.getLogger(ConsensusEngine.class);

  private record RoundKey(long height, int round) {}

  private final String chainId;
  private final TendermintMachine machine;
  private final Wal wal;
  private final Signer signer;
  private final ConsensusNetwork network;
  private final ConsensusApplication app;
  private final TimeoutScheduler timers;
  private final VoteValidator voteValidator;
  private final ProposalValidator proposalValidator;

  private boolean started;
  private boolean replaying;
  private long height;
  private HeightValidators validators;
  private long nowNs; // time of the input being processed

  private final VoteStore votes = new VoteStore();
  private final Map<String, Object> ownMessages = new LinkedHashMap<>(); // kind@round → signed
  private final List<Action> actionsOfHeight = new ArrayList<>();
  // outstanding obligations, carried out again after a replay
  private final Map<Event.Timeout, Long> armedTimeouts = new LinkedHashMap<>();
  private final Set<RoundKey> pendingValueRequests = new LinkedHashSet<>();
  private final Set<Value> pendingValidity = new LinkedHashSet<>();
  private final List<DuplicateVoteEvidence> evidenceOfHeight = new ArrayList<>();
  private Action.EnterRound lastRound;
  private Commit undeliveredCommit; // decided, endHeight not yet called
  // during a replay: what the log says we did, to reuse our signatures and check determinism
  private Map<String, Object> recordedOwn = Map.of();
  private List<WalRecord> recordedActions = List.of();
  private int recordedMatched;
  private boolean divergenceLogged;

  public ConsensusEngine(
      String chainId,
      TimeoutConfig timeouts,
      Wal wal,
      Signer signer,
      ConsensusNetwork network,
      ConsensusApplication app,
      TimeoutScheduler timers) {
    this.chainId = Objects.requireNonNull(chainId);
    this.machine = new TendermintMachine(timeouts);
    this.wal = wal;
    this.signer = signer;
    this.network = network;
    this.app = app;
    this.timers = timers;
    this.voteValidator = new VoteValidator(chainId);
    this.proposalValidator = new ProposalValidator(chainId);
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /**
   * Starts consensus on {@code height} with these validators. The first call after opening resumes
   * the height from the WAL if the log holds it (see the class comment); later calls start fresh,
   * after {@link #endHeight} of the previous height.
   *
   * @throws IllegalStateException if the WAL shows {@code height} or a later one already committed
   *     (the node's own state is behind its log), or records other validators for it
   */
  public void start(long height, ValidatorSet validatorSet, long nowNs) throws IOException {
    if (started) {
      if (machine.state().decision() == null
          || undeliveredCommit != null
          || height != this.height + 1) {
        throw new IllegalStateException(
            "start(" + height + ") before endHeight(" + this.height + ") or out of order");
      }
      startHeight(new WalRecord.HeightStarted(nowNs, height, validatorSet));
      return;
    }
    started = true;
    List<WalRecord> log = wal.recovered();
    int from = -1;
    for (int i = 0; i < log.size(); i++) {
      WalRecord r = log.get(i);
      if (r instanceof WalRecord.EndHeight && ((WalRecord.EndHeight) r).height() >= height) {
        throw new IllegalStateException(
            "the WAL records height "
                + ((WalRecord.EndHeight) r).height()
                + " as committed, but the node starts at "
                + height);
      }
      if (r instanceof WalRecord.HeightStarted
          && ((WalRecord.HeightStarted) r).height() == height) {
        from = i;
      }
    }
    if (from < 0) {
      startHeight(new WalRecord.HeightStarted(nowNs, height, validatorSet));
      return;
    }
    WalRecord.HeightStarted first = (WalRecord.HeightStarted) log.get(from);
    if (!first.validators().equals(validatorSet)) {
      throw new IllegalStateException(
          "the WAL began height " + height + " with another validator set than the node gives now");
    }
    replay(log.subList(from, log.size()));
  }

  /**
   * The application has committed the decided block of {@code height}: marks it in the WAL
   * (synced), so a restart does not replay it.
   */
  public void endHeight(long height) throws IOException {
    if (height != this.height || machine.state().decision() == null) {
      throw new IllegalStateException("endHeight(" + height + ") without its decision");
    }
    wal.append(new WalRecord.EndHeight(height));
    wal.sync();
    undeliveredCommit = null;
  }

  // ---- inputs ------------------------------------------------------------------------------

  /** A proposal from the network; returns what became of it (invalid ones change nothing). */
  public Verdict onProposal(Proposal proposal, long nowNs) throws IOException {
    requireStarted();
    Verdict verdict = tooFarAhead(proposal.getRound());
    if (verdict == null) {
      verdict = proposalValidator.check(proposal, height, validators);
    }
    if (verdict.accepted()) {
      input(
          new WalRecord.ProposalReceived(nowNs, proposal),
          new Event.Receive(ProposalValidator.toMessage(proposal, validators)));
    }
    return verdict;
  }

  /** A vote from the network; returns what became of it (invalid ones change nothing). */
  public Verdict onVote(Vote vote, long nowNs) throws IOException {
    requireStarted();
    Verdict verdict = tooFarAhead(vote.getRound());
    if (verdict == null) {
      verdict = voteValidator.checkForm(vote, height, validators);
    }
    if (verdict.accepted() && !votes.keeps(vote)) {
      // the machine would drop it too: not logged, and IGNORED so the node does not relay it (a
      // validator can sign any number of conflicting votes; the first conflict is the evidence).
      // Decided before the signature check, so a flood of them costs no Ed25519 verification.
      return Verdict.ignored("validator " + vote.getValidatorIndex() + " has "
          + VoteStore.MAX_PER_SLOT + " other votes of this type in round " + vote.getRound());
    }
    if (verdict.accepted()) {
      verdict = voteValidator.checkSignature(vote, validators);
    }
    if (verdict.accepted()) {
      votes.add(vote);
      input(
          new WalRecord.VoteReceived(nowNs, vote),
          new Event.Receive(VoteValidator.toMessage(vote)));
    }
    return verdict;
  }

  /** A timeout scheduled through {@link TimeoutScheduler} has expired. */
  public void onTimeout(long height, int round, Step step, long nowNs) throws IOException {
    requireStarted();
    armedTimeouts.remove(new Event.Timeout(height, round, step));
    input(
        new WalRecord.TimeoutFired(nowNs, height, round, step),
        new Event.Timeout(height, round, step));
  }

  /** The application's block for our proposal at (height, round). */
  public void onValue(long height, int round, BlockID blockId, long nowNs) throws IOException {
    requireStarted();
    String problem = BlockIds.problem(blockId);
    if (problem != null) {
      throw new IllegalArgumentException("the application proposed a bad block id: " + problem);
    }
    Value value = BlockIds.toValue(blockId);
    pendingValueRequests.remove(new RoundKey(height, round));
    input(
        new WalRecord.ValueReady(nowNs, height, round, value.bytes()),
        new Event.ValueReady(height, round, value));
  }

  /** The application's validity answer for a block id. */
  public void onValidity(long height, BlockID blockId, boolean valid, long nowNs)
      throws IOException {
    requireStarted();
    Value value = BlockIds.toValue(blockId);
    if (value == null) {
      throw new IllegalArgumentException("validity of nil");
    }
    pendingValidity.remove(value);
    input(
        new WalRecord.ValidityChecked(nowNs, height, value.bytes(), valid),
        new Event.ValidityChecked(height, value, valid));
  }

  // ---- what the node (and tests) can read ----------------------------------------------------

  /** The machine's state in the paper's terms. */
  public RoundState state() {
    return machine.state();
  }

  /** Every action the machine took at the current height, replayed ones included. */
  public List<Action> actionsOfHeight() {
    return List.copyOf(actionsOfHeight);
  }

  // ---- the core loop -----------------------------------------------------------------------

  private void startHeight(WalRecord.HeightStarted record) throws IOException {
    HeightValidators set = HeightValidators.of(record.validators());
    height = record.height();
    validators = set;
    votes.clear();
    ownMessages.clear();
    actionsOfHeight.clear();
    armedTimeouts.clear();
    pendingValueRequests.clear();
    pendingValidity.clear();
    evidenceOfHeight.clear();
    lastRound = null;
    undeliveredCommit = null;
    int me = set.indexOf(ByteString.copyFrom(signer.address()));
    input(record, new Event.StartHeight(height, set.machineSet(), me));
  }

  /** Logs the input (unless replaying it), feeds the machine and carries out its actions. */
  private void input(WalRecord.Input record, Event event) throws IOException {
    nowNs = record.timeNs();
    if (!replaying) {
      wal.append(record);
    }
    for (Action a : machine.handle(event)) {
      actionsOfHeight.add(a);
      execute(a);
    }
  }

  private void execute(Action a) throws IOException {
    if (a instanceof Action.Broadcast) {
      sendOwn(((Action.Broadcast) a).message());
      return;
    }
    record(a);
    if (a instanceof Action.EnterRound) {
      lastRound = (Action.EnterRound) a;
      if (!replaying) {
        app.roundStarted(lastRound.height(), lastRound.round());
      }
    } else if (a instanceof Action.ScheduleTimeout) {
      Action.ScheduleTimeout s = (Action.ScheduleTimeout) a;
      armedTimeouts.put(new Event.Timeout(s.height(), s.round(), s.step()), s.delayMillis());
      if (!replaying) {
        timers.schedule(s.height(), s.round(), s.step(), s.delayMillis());
      }
    } else if (a instanceof Action.Decide) {
      undeliveredCommit = commitOf((Action.Decide) a);
      if (!replaying) {
        app.decided(undeliveredCommit);
      }
    } else if (a instanceof Action.ReportEvidence) {
      DuplicateVoteEvidence e = toProto(((Action.ReportEvidence) a).evidence());
      if (e != null) {
        evidenceOfHeight.add(e);
        if (!replaying) {
          app.evidence(e);
        }
      }
    } else if (a instanceof Action.RequestValue) {
      Action.RequestValue r = (Action.RequestValue) a;
      pendingValueRequests.add(new RoundKey(r.height(), r.round()));
      if (!replaying) {
        app.requestValue(r.height(), r.round());
      }
    } else if (a instanceof Action.CheckValidity) {
      Action.CheckValidity c = (Action.CheckValidity) a;
      pendingValidity.add(c.value());
      if (!replaying) {
        app.checkValidity(c.height(), BlockIds.toBlockId(c.value()));
      }
    }
  }

  /** Our own proposal or vote: built, synced, signed, logged, synced, sent (see class comment). */
  private void sendOwn(Message m) throws IOException {
    String key = key(m);
    Object signed = replaying ? recordedOwn.get(key) : null;
    if (signed != null && !sameMessage(signed, m)) {
      log.error(
          "WAL replay: our recorded {} differs from the one the machine makes now; " + "not sent",
          key);
      return;
    }
    if (signed == null) {
      wal.sync(); // the input that led here is on disk before anything is signed
      try {
        if (m instanceof Message.Proposal) {
          signed = signer.signProposal(unsignedProposal((Message.Proposal) m), chainId);
          wal.append(new WalRecord.OwnProposal((Proposal) signed));
        } else {
          signed = signer.signVote(unsignedVote((Message.Vote) m), chainId);
          wal.append(new WalRecord.OwnVote((Vote) signed));
        }
      } catch (SigningRefusedException e) {
        log.error("our {} at height {} not sent: {}", key, height, e.getMessage());
        return;
      }
      wal.sync();
    } else {
      recordedMatched++; // the log's own message stands for this broadcast
    }
    ownMessages.put(key, signed);
    if (signed instanceof Vote) {
      votes.add((Vote) signed);
    }
    if (!replaying) {
      broadcast(signed);
    }
  }

  private void broadcast(Object signed) {
    if (signed instanceof Proposal) {
      network.broadcast((Proposal) signed);
    } else {
      network.broadcast((Vote) signed);
    }
  }

  /** Appends a non-broadcast action to the WAL, unless a replay finds it already there. */
  private void record(Action a) throws IOException {
    if (replaying && recordedMatched < recordedActions.size()) {
      WalRecord expected = recordedActions.get(recordedMatched);
      if (expected instanceof WalRecord.ActionTaken
          && ((WalRecord.ActionTaken) expected).action().equals(a)) {
        recordedMatched++;
        return;
      }
      if (!divergenceLogged) {
        divergenceLogged = true;
        log.warn(
            "WAL replay of height {} differs from the log at action {}: logged {}, now {}",
            height,
            recordedMatched,
            expected,
            a);
      }
    }
    wal.append(new WalRecord.ActionTaken(a));
  }

  // ---- replay ------------------------------------------------------------------------------

  private void replay(List<WalRecord> records) throws IOException {
    Map<String, Object> own = new HashMap<>();
    List<WalRecord> actions = new ArrayList<>();
    int inputs = 0;
    for (WalRecord r : records) {
      if (r instanceof WalRecord.OwnVote) {
        Vote v = ((WalRecord.OwnVote) r).vote();
        own.put(key(VoteValidator.toMessage(v)), v);
        actions.add(r);
      } else if (r instanceof WalRecord.OwnProposal) {
        Proposal p = ((WalRecord.OwnProposal) r).proposal();
        own.put("proposal@" + p.getRound(), p);
        actions.add(r);
      } else if (r instanceof WalRecord.ActionTaken) {
        actions.add(r);
      } else if (r instanceof WalRecord.Input) {
        inputs++;
      }
    }
    recordedOwn = own;
    recordedActions = actions;
    recordedMatched = 0;
    replaying = true;
    try {
      for (WalRecord r : records) {
        replayInput(r);
      }
    } finally {
      replaying = false;
      recordedOwn = Map.of();
      recordedActions = List.of();
    }
    log.info(
        "WAL replay: height {} resumed from {} inputs at round {} step {}",
        height,
        inputs,
        machine.round(),
        machine.step().label());
    carryOutOutstanding();
  }

  private void replayInput(WalRecord r) throws IOException {
    if (r instanceof WalRecord.HeightStarted) {
      startHeight((WalRecord.HeightStarted) r);
    } else if (r instanceof WalRecord.ProposalReceived) {
      WalRecord.ProposalReceived p = (WalRecord.ProposalReceived) r;
      onProposal(p.proposal(), p.timeNs());
    } else if (r instanceof WalRecord.VoteReceived) {
      WalRecord.VoteReceived v = (WalRecord.VoteReceived) r;
      onVote(v.vote(), v.timeNs());
    } else if (r instanceof WalRecord.TimeoutFired) {
      WalRecord.TimeoutFired t = (WalRecord.TimeoutFired) r;
      onTimeout(t.height(), t.round(), t.step(), t.timeNs());
    } else if (r instanceof WalRecord.ValueReady) {
      WalRecord.ValueReady v = (WalRecord.ValueReady) r;
      onValue(v.height(), v.round(), blockId(v.blockId()), v.timeNs());
    } else if (r instanceof WalRecord.ValidityChecked) {
      WalRecord.ValidityChecked v = (WalRecord.ValidityChecked) r;
      onValidity(v.height(), blockId(v.blockId()), v.valid(), v.timeNs());
    }
  }

  /** After a replay: what was under way when the node stopped is done again (all idempotent). */
  private void carryOutOutstanding() {
    for (Object signed : ownMessages.values()) {
      broadcast(signed);
    }
    if (lastRound != null) {
      app.roundStarted(lastRound.height(), lastRound.round());
    }
    for (Map.Entry<Event.Timeout, Long> t : armedTimeouts.entrySet()) {
      timers.schedule(t.getKey().height(), t.getKey().round(), t.getKey().step(), t.getValue());
    }
    for (RoundKey r : pendingValueRequests) {
      app.requestValue(r.height(), r.round());
    }
    for (Value v : pendingValidity) {
      app.checkValidity(height, BlockIds.toBlockId(v));
    }
    for (DuplicateVoteEvidence e : evidenceOfHeight) {
      app.evidence(e);
    }
    if (undeliveredCommit != null) {
      app.decided(undeliveredCommit);
    }
  }

  // ---- conversions -------------------------------------------------------------------------

  private Vote unsignedVote(Message.Vote m) {
    return Vote.newBuilder()
        .setType(
            m.type() == VoteType.PREVOTE
                ? io.cybergraph.proto.pb.VoteType.VOTE_TYPE_PREVOTE
                : io.cybergraph.proto.pb.VoteType.VOTE_TYPE_PRECOMMIT)
        .setHeight(m.height())
        .setRound(m.round())
        .setBlockId(BlockIds.toBlockId(m.value()))
        .setTimestampNs(nowNs)
        .setValidatorAddress(validators.address(m.sender()))
        .setValidatorIndex(m.sender())
        .build();
  }

  private Proposal unsignedProposal(Message.Proposal m) {
    return Proposal.newBuilder()
        .setHeight(m.height())
        .setRound(m.round())
        .setPolRound(m.validRound())
        .setBlockId(BlockIds.toBlockId(m.value()))
        .setTimestampNs(nowNs)
        .setProposerAddress(validators.address(m.sender()))
        .build();
  }

  private boolean sameMessage(Object signed, Message m) {
    if (signed instanceof Vote) {
      return m instanceof Message.Vote && VoteValidator.toMessage((Vote) signed).equals(m);
    }
    return m instanceof Message.Proposal
        && ProposalValidator.toMessage((Proposal) signed, validators).equals(m);
  }

  private static String key(Message m) {
    return (m instanceof Message.Vote ? ((Message.Vote) m).type().label() : "proposal")
        + "@"
        + m.round();
  }

  private Commit commitOf(Action.Decide d) {
    return Commit.newBuilder()
        .setHeight(d.height())
        .setRound(d.round())
        .setBlockId(BlockIds.toBlockId(d.value()))
        .addAllPrecommits(votes.precommitsFor(d.round(), d.value()))
        .build();
  }

  private DuplicateVoteEvidence toProto(Evidence e) {
    if (!(e.first() instanceof Message.Vote)) {
      log.warn(
          "height {} round {}: proposer {} sent two different proposals",
          e.height(),
          e.round(),
          validators.machineSet().get(e.validator()).name());
      return null;
    }
    Vote a = votes.get((Message.Vote) e.first());
    Vote b = votes.get((Message.Vote) e.second());
    if (a == null || b == null) {
      log.warn(
          "height {}: evidence against validator {} without both signed votes",
          height,
          e.validator());
      return null;
    }
    return DuplicateVoteEvidence.newBuilder().setVoteA(a).setVoteB(b).build();
  }

  private static BlockID blockId(byte[] encoded) {
    return BlockIds.toBlockId(Value.of(encoded));
  }

  /** Rounds the machine would drop are not logged or stored either (a memory bound). */
  private Verdict tooFarAhead(int round) {
    return (long) round > (long) machine.round() + TendermintMachine.DEFAULT_MAX_ROUND_LEAD
        ? Verdict.ignored("round " + round + " is too far ahead of " + machine.round())
        : null;
  }

  private void requireStarted() {
    if (!started) {
      throw new IllegalStateException("call start(height, …) first");
    }
  }
}
