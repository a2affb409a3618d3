package io.cybergraph.consensus.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of the Tendermint algorithm (Buchman, Kwon, Milosevic: "The latest gossip on BFT
 * consensus", 2018, Algorithm 1), as a pure state machine: {@link #handle} takes one {@link Event}
 * and returns the {@link Action}s it causes. No threads, clocks or I/O: timeouts are requested as
 * actions and come back as events, so the same events always give the same actions (which is what
 * makes the write-ahead log replayable and the scripts reproducible).
 *
 * <p>Line numbers in comments ("L22") are those of Algorithm 1 in the paper; docs/consensus.md maps
 * every rule. After every event the upon-rules are applied until none fires; their order is fixed
 * (decide, round skip, prevote on proposal, polka, nil polka, prevote timeout, precommit timeout).
 *
 * <p>Not thread-safe: one caller feeds it events one at a time.
 */
public final class TendermintMachine {
  private static final Logger log = LoggerFactory.getLogger(TendermintMachine.class);

  /** Messages for rounds further than this beyond the current round are dropped (memory bound). */
  public static final int DEFAULT_MAX_ROUND_LEAD = 1000;

  private final TimeoutConfig timeouts;
  private final int maxRoundLead;

  // the paper's state (L2-L9); height -1 until the first StartHeight
  private long height = -1;
  private int round;
  private Step step = Step.PROPOSE;
  private Value lockedValue;
  private int lockedRound = -1;
  private Value validValue;
  private int validRound = -1;
  private Value decision;

  private ValidatorSet validators;
  private int me = -1;

  // messages of this height by round; sorted, so rules that scan rounds are deterministic
  private final TreeMap<Integer, RoundMessages> rounds = new TreeMap<>();
  // rounds whose precommits have a value with 2f+1, for the decide rule
  private final TreeSet<Integer> precommitQuorumRounds = new TreeSet<>();
  // valid(v) answers of this height, and the values already asked about (lookups only)
  private final Map<Value, Boolean> validity = new HashMap<>();
  private final Set<Value> validityAsked = new HashSet<>();

  // "for the first time" flags of the current round
  private boolean proposed;
  private boolean prevoteTimeoutScheduled; // L34
  private boolean polkaRuleApplied; // L36
  private boolean precommitTimeoutScheduled; // L47

  private List<Action> out = new ArrayList<>();

  public TendermintMachine(TimeoutConfig timeouts) {
    this(timeouts, DEFAULT_MAX_ROUND_LEAD);
  }

  public TendermintMachine(TimeoutConfig timeouts, int maxRoundLead) {
    if (maxRoundLead < 1) {
      throw new IllegalArgumentException("maxRoundLead must be >= 1");
    }
    this.timeouts = Objects.requireNonNull(timeouts);
    this.maxRoundLead = maxRoundLead;
  }

  /** Applies one event and returns the actions it causes, in the order they must be carried out. */
  public List<Action> handle(Event event) {
    out = new ArrayList<>();
    if (event instanceof Event.StartHeight) {
      Event.StartHeight start = (Event.StartHeight) event;
      startHeight(start.height(), start.validators(), start.myIndex());
    } else if (height < 0) {
      log.trace("ignored {}: not started", event);
    } else if (event instanceof Event.Receive) {
      // also after the decision: late votes still reveal equivocation
      receive(((Event.Receive) event).message());
    } else if (decision != null) {
      log.trace("ignored {}: height decided", event);
    } else if (event instanceof Event.Timeout) {
      Event.Timeout t = (Event.Timeout) event;
      onTimeout(t.height(), t.round(), t.step());
    } else if (event instanceof Event.ValueReady) {
      Event.ValueReady v = (Event.ValueReady) event;
      onValueReady(v.height(), v.round(), v.value());
    } else if (event instanceof Event.ValidityChecked) {
      Event.ValidityChecked v = (Event.ValidityChecked) event;
      onValidityChecked(v.height(), v.value(), v.valid());
    }
    progress();
    List<Action> result = List.copyOf(out);
    out = new ArrayList<>();
    return result;
  }

  /** The current state in the paper's terms. */
  public RoundState state() {
    return new RoundState(
        height, round, step, lockedValue, lockedRound, validValue, validRound, decision);
  }

  public long height() {
    return height;
  }

  public int round() {
    return round;
  }

  public Step step() {
    return step;
  }

  /** The validator set of the current height (null before the first StartHeight). */
  public ValidatorSet validators() {
    return validators;
  }

  /** This node's index in the current validator set, or -1. */
  public int myIndex() {
    return me;
  }

  // ---- events ----------------------------------------------------------------------------

  /** L52-L54 and L10: a new height starts with the state reset and round 0. */
  private void startHeight(long newHeight, ValidatorSet set, int myIndex) {
    if (newHeight < 1 || newHeight <= height) {
      throw new IllegalArgumentException(
          "height must be >= 1 and above the current " + height + ", got " + newHeight);
    }
    if (myIndex < -1 || myIndex >= set.size()) {
      throw new IllegalArgumentException("myIndex out of range: " + myIndex);
    }
    height = newHeight;
    validators = set;
    me = myIndex;
    lockedValue = null;
    lockedRound = -1;
    validValue = null;
    validRound = -1;
    decision = null;
    rounds.clear();
    precommitQuorumRounds.clear();
    validity.clear();
    validityAsked.clear();
    startRound(0);
  }

  /** Stores a message of the current height; the rules look at it in {@link #progress}. */
  private void receive(Message m) {
    if (m.height() != height) {
      log.trace("ignored {}: height {} is not the current {}", m, m.height(), height);
      return;
    }
    if (m.sender() < 0 || m.sender() >= validators.size()) {
      log.trace("ignored {}: no validator {}", m, m.sender());
      return;
    }
    if (m.round() < 0 || m.round() > (long) round + maxRoundLead) {
      log.trace("ignored {}: round out of range", m);
      return;
    }
    RoundMessages rm = roundMessages(m.round());
    if (m instanceof Message.Proposal) {
      Message.Proposal p = (Message.Proposal) m;
      if (p.sender() != validators.proposer(height, p.round())) {
        log.trace("ignored {}: {} is not the proposer", p, p.sender());
        return;
      }
      if (p.validRound() < -1 || p.validRound() >= p.round()) {
        log.trace("ignored {}: valid round not in [-1, round)", p);
        return;
      }
      if (rm.proposal == null) {
        rm.proposal = p;
      } else {
        if (!rm.proposal.equals(p) && !rm.proposalEquivocationReported) {
          rm.proposalEquivocationReported = true;
          out.add(new Action.ReportEvidence(new Evidence(rm.proposal, p)));
        }
        return; // the first proposal of a round is the one that counts
      }
    } else {
      Message.Vote v = (Message.Vote) m;
      VoteSet set = rm.votes(v.type());
      VoteSet.Outcome outcome = set.add(v);
      if (outcome == VoteSet.Outcome.IGNORED) {
        return;
      }
      if (outcome == VoteSet.Outcome.EQUIVOCATION) { // counted for its value, reported once
        out.add(new Action.ReportEvidence(new Evidence(set.first(v.sender()), v)));
      }
      if (v.type() == VoteType.PRECOMMIT && set.quorumValue() != null) {
        precommitQuorumRounds.add(v.round());
      }
    }
    rm.addSender(m.sender());
  }

  /** L57-L67. */
  private void onTimeout(long h, int r, Step s) {
    if (h != height || r != round) {
      return;
    }
    switch (s) {
      case PROPOSE: // L57-L60
        if (step == Step.PROPOSE) {
          sendVote(VoteType.PREVOTE, null);
          step = Step.PREVOTE;
        }
        break;
      case PREVOTE: // L61-L64
        if (step == Step.PREVOTE) {
          sendVote(VoteType.PRECOMMIT, null);
          step = Step.PRECOMMIT;
        }
        break;
      default: // L65-L67
        if (round < Integer.MAX_VALUE) {
          startRound(round + 1);
        }
        break;
    }
  }

  /** L18-L19: getValue() has answered; propose it if this round still waits for it. */
  private void onValueReady(long h, int r, Value v) {
    if (h == height && r == round && step == Step.PROPOSE && !proposed && isProposer()) {
      validity.put(v, true); // our application built it
      validityAsked.add(v);
      propose(v, validRound);
    }
  }

  private void onValidityChecked(long h, Value v, boolean valid) {
    if (h == height && validityAsked.contains(v)) {
      validity.putIfAbsent(v, valid);
    }
  }

  // ---- the upon-rules ----------------------------------------------------------------------

  private void progress() {
    while (decision == null && height >= 0 && applyOneRule()) {
      // apply rules until none fires
    }
  }

  private boolean applyOneRule() {
    if (decideOnPrecommits()) {
      return true;
    }
    if (skipToHigherRound()) {
      return true;
    }
    if (step == Step.PROPOSE && prevoteOnProposal()) {
      return true;
    }
    if (step != Step.PROPOSE && !polkaRuleApplied && lockOnPolka()) {
      return true;
    }
    RoundMessages current = roundMessages(round);
    if (step == Step.PREVOTE && current.prevotes.hasQuorumForNil()) { // L44-L46
      sendVote(VoteType.PRECOMMIT, null);
      step = Step.PRECOMMIT;
      return true;
    }
    if (step == Step.PREVOTE && !prevoteTimeoutScheduled && current.prevotes.hasQuorumForAny()) {
      prevoteTimeoutScheduled = true; // L34-L35
      schedule(Step.PREVOTE);
      return true;
    }
    if (!precommitTimeoutScheduled && current.precommits.hasQuorumForAny()) {
      precommitTimeoutScheduled = true; // L47-L48
      schedule(Step.PRECOMMIT);
      return true;
    }
    return false;
  }

  /**
   * L49-L54: 2f+1 precommits for v in any round r of this height, and valid(v): decide v. The paper
   * also asks for the proposal of round r; here v is already the block id (see {@link Value}), and
   * valid(v) can only be answered by an application that has the block, so the proposal adds
   * nothing, and a node that missed it (or got an equivocating proposer's other proposal first)
   * still decides a value the others have committed.
   */
  private boolean decideOnPrecommits() {
    for (int r : precommitQuorumRounds) {
      Value v = rounds.get(r).precommits.quorumValue();
      if (Boolean.TRUE.equals(valid(v))) {
        decision = v;
        out.add(new Action.Decide(height, r, v));
        return true;
      }
    }
    return false;
  }

  /** L55-L56: f+1 senders of messages of a higher round: jump to the highest such round. */
  private boolean skipToHigherRound() {
    for (Map.Entry<Integer, RoundMessages> e : rounds.descendingMap().entrySet()) {
      if (e.getKey() <= round) {
        return false;
      }
      if (e.getValue().hasOneThirdSenders()) {
        startRound(e.getKey());
        return true;
      }
    }
    return false;
  }

  /** L22-L27 (no valid round) and L28-L33 (valid round vr with a polka for v at vr). */
  private boolean prevoteOnProposal() {
    RoundMessages rm = rounds.get(round);
    if (rm == null || rm.proposal == null) {
      return false;
    }
    Message.Proposal p = rm.proposal;
    Value v = p.value();
    boolean acceptable;
    if (p.validRound() == -1) { // L22
      Boolean ok = valid(v);
      if (ok == null) {
        return false;
      }
      acceptable = ok && (lockedRound == -1 || v.equals(lockedValue)); // L23
    } else { // L28: 0 <= vr < round_p was checked on receipt
      RoundMessages atValidRound = rounds.get(p.validRound());
      if (atValidRound == null || !atValidRound.prevotes.hasQuorumFor(v)) {
        return false;
      }
      Boolean ok = valid(v);
      if (ok == null) {
        return false;
      }
      acceptable = ok && (lockedRound <= p.validRound() || v.equals(lockedValue)); // L29
    }
    sendVote(VoteType.PREVOTE, acceptable ? v : null); // L24 / L26, L30 / L32
    step = Step.PREVOTE; // L27, L33
    return true;
  }

  /** L36-L43: proposal v of this round, 2f+1 prevotes for v, valid(v), step >= prevote. */
  private boolean lockOnPolka() {
    RoundMessages rm = rounds.get(round);
    if (rm == null || rm.proposal == null) {
      return false;
    }
    Value v = rm.proposal.value();
    if (!rm.prevotes.hasQuorumFor(v) || !Boolean.TRUE.equals(valid(v))) {
      return false;
    }
    polkaRuleApplied = true;
    if (step == Step.PREVOTE) { // L37-L41
      lockedValue = v;
      lockedRound = round;
      sendVote(VoteType.PRECOMMIT, v);
      step = Step.PRECOMMIT;
    }
    validValue = v; // L42-L43
    validRound = round;
    return true;
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** L11-L21. */
  private void startRound(int r) {
    round = r;
    step = Step.PROPOSE;
    proposed = false;
    prevoteTimeoutScheduled = false;
    polkaRuleApplied = false;
    precommitTimeoutScheduled = false;
    out.add(new Action.EnterRound(height, r));
    if (isProposer()) {
      if (validValue != null) { // L15-L16
        propose(validValue, validRound);
      } else { // L18: getValue() answers with a ValueReady event
        out.add(new Action.RequestValue(height, r));
      }
    } else { // L21
      schedule(Step.PROPOSE);
    }
  }

  private boolean isProposer() {
    return me >= 0 && validators.proposer(height, round) == me;
  }

  /** L19: broadcast our proposal; we receive our own messages like anyone else's. */
  private void propose(Value v, int vr) {
    proposed = true;
    Message.Proposal p = new Message.Proposal(height, round, v, vr, me);
    out.add(new Action.Broadcast(p));
    receive(p);
  }

  private void sendVote(VoteType type, Value v) {
    if (me < 0) {
      return; // a follower keeps the steps but has no vote
    }
    Message.Vote vote = new Message.Vote(type, height, round, v, me);
    out.add(new Action.Broadcast(vote));
    receive(vote);
  }

  private void schedule(Step s) {
    out.add(new Action.ScheduleTimeout(height, round, s, timeouts.millis(s, round)));
  }

  /** valid(v): the known answer, or null after asking the application (once per value). */
  private Boolean valid(Value v) {
    Boolean known = validity.get(v);
    if (known == null && validityAsked.add(v)) {
      out.add(new Action.CheckValidity(height, v));
    }
    return known;
  }

  private RoundMessages roundMessages(int r) {
    return rounds.computeIfAbsent(r, k -> new RoundMessages(validators));
  }
}
