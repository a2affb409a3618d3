package io.cybergraph.consensus.state;

import static io.cybergraph.consensus.state.Simulation.A;
import static io.cybergraph.consensus.state.Simulation.B;
import static io.cybergraph.consensus.state.Simulation.X;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property tests of one machine (we are v0 of four equal validators at height 1) over random orders
 * of the same messages, and over random streams of arbitrary events.
 */
class RandomOrderTest {
  static final ValidatorSet FOUR = ValidatorSet.equal(4);

  /** Feeds events, answering validity (X is invalid) and value requests (we propose A). */
  static final class Driver {
    final TendermintMachine machine = new TendermintMachine(TimeoutConfig.DEFAULT);
    final List<Action> actions = new ArrayList<>();

    Driver() {
      run(new Event.StartHeight(1, FOUR, 0));
    }

    List<Action> run(Event event) {
      List<Action> produced = new ArrayList<>();
      List<Event> pending = new ArrayList<>(List.of(event));
      while (!pending.isEmpty()) {
        for (Action a : machine.handle(pending.remove(0))) {
          produced.add(a);
          if (a instanceof Action.CheckValidity) {
            Action.CheckValidity c = (Action.CheckValidity) a;
            pending.add(new Event.ValidityChecked(c.height(), c.value(), !c.value().equals(X)));
          } else if (a instanceof Action.RequestValue) {
            Action.RequestValue r = (Action.RequestValue) a;
            pending.add(new Event.ValueReady(r.height(), r.round(), A));
          }
        }
      }
      actions.addAll(produced);
      return produced;
    }

    <T extends Action> List<T> all(Class<T> type) {
      List<T> found = new ArrayList<>();
      for (Action a : actions) {
        if (type.isInstance(a)) {
          found.add(type.cast(a));
        }
      }
      return found;
    }
  }

  static Event.Receive prevote(int round, Value v, int from) {
    return new Event.Receive(new Message.Vote(VoteType.PREVOTE, 1, round, v, from));
  }

  static Event.Receive precommit(int round, Value v, int from) {
    return new Event.Receive(new Message.Vote(VoteType.PRECOMMIT, 1, round, v, from));
  }

  static Event.Receive proposal(int round, Value v, int validRound, int from) {
    return new Event.Receive(new Message.Proposal(1, round, v, validRound, from));
  }

  @Test
  void happyPathInAnyOrderDecidesAOnce() {
    Random random = new Random(1);
    for (int i = 0; i < 2000; i++) {
      List<Event> events = new ArrayList<>();
      events.add(proposal(0, A, -1, 1));
      for (int v = 1; v <= 3; v++) {
        events.add(prevote(0, A, v));
        events.add(precommit(0, A, v));
      }
      Collections.shuffle(events, random);
      Driver d = new Driver();
      events.forEach(d::run);
      List<Action.Decide> decisions = d.all(Action.Decide.class);
      assertEquals(List.of(new Action.Decide(1, 0, A)), decisions, "order " + events);
      assertTrue(d.all(Action.ReportEvidence.class).isEmpty());
      // whatever we voted, it was for A
      for (Action.Broadcast b : d.all(Action.Broadcast.class)) {
        assertEquals(A, ((Message.Vote) b.message()).value(), "order " + events);
      }
    }
  }

  @Test
  void anEquivocatorInAnyOrderIsReportedOnceAndADecided() {
    Random random = new Random(2);
    for (int i = 0; i < 2000; i++) {
      List<Event> events = new ArrayList<>();
      events.add(proposal(0, A, -1, 1));
      events.add(prevote(0, A, 1));
      events.add(prevote(0, A, 2));
      events.add(precommit(0, A, 1));
      events.add(precommit(0, A, 2));
      // v3 votes everything twice
      events.add(prevote(0, A, 3));
      events.add(prevote(0, B, 3));
      events.add(prevote(0, null, 3));
      events.add(precommit(0, B, 3));
      events.add(precommit(0, A, 3));
      Collections.shuffle(events, random);
      Driver d = new Driver();
      events.forEach(d::run);
      assertEquals(List.of(new Action.Decide(1, 0, A)), d.all(Action.Decide.class));
      Set<String> reported = new HashSet<>();
      for (Action.ReportEvidence e : d.all(Action.ReportEvidence.class)) {
        assertEquals(3, e.evidence().validator(), "only v3 is blamed");
        assertTrue(reported.add(e.evidence().kind()), "reported twice: " + e);
      }
      // reported even when it arrives after the decision
      assertEquals(Set.of("prevote", "precommit"), reported, "order " + events);
    }
  }

  /**
   * A driver that checks our own conduct after every event: never two different own messages of one
   * kind in a round; no prevote for an invalid value; the lock rules of L23 and L29 for every own
   * prevote (a value other than the locked one only with a polka for it at a round >= lockedRound);
   * a precommit for v only with a polka for v in that round; a decision only with 2f+1 precommits
   * for a valid value; and the paper's state invariants.
   */
  static final class Conduct {
    final Driver d = new Driver();
    // what the machine has seen, by round and value: the validators that voted for it
    final Map<Integer, Map<Value, Set<Integer>>> prevotesFor = new HashMap<>();
    final Map<Integer, Map<Value, Set<Integer>>> precommitsFor = new HashMap<>();
    final Map<String, Message> ownMessages = new HashMap<>();
    // the first proposal of each round from its proposer: the one the machine acts on
    final Map<Integer, Message.Proposal> proposals = new HashMap<>();
    int unlocks;
    int decisions;

    void feed(Event e) {
      if (e instanceof Event.Receive && ((Event.Receive) e).message() instanceof Message.Vote) {
        record((Message.Vote) ((Event.Receive) e).message());
      }
      if (e instanceof Event.Receive && ((Event.Receive) e).message() instanceof Message.Proposal) {
        Message.Proposal p = (Message.Proposal) ((Event.Receive) e).message();
        if (p.sender() == FOUR.proposer(1, p.round()) && p.validRound() < p.round()) {
          proposals.putIfAbsent(p.round(), p);
        }
      }
      RoundState before = d.machine.state();
      for (Action a : d.run(e)) {
        if (a instanceof Action.Broadcast) {
          checkOwn(((Action.Broadcast) a).message(), before);
        } else if (a instanceof Action.Decide) {
          Action.Decide dec = (Action.Decide) a;
          assertFalse(dec.value().equals(X));
          assertTrue(voters(precommitsFor, dec.round(), dec.value()) >= 3, "decided without 2f+1");
          decisions++;
        }
      }
      RoundState s = d.machine.state();
      assertTrue(s.lockedRound() <= s.validRound() && s.validRound() <= s.round(), "" + s);
      assertEquals(s.lockedRound() < 0, s.lockedValue() == null);
      assertEquals(s.validRound() < 0, s.validValue() == null);
    }

    private void record(Message.Vote v) {
      (v.type() == VoteType.PREVOTE ? prevotesFor : precommitsFor)
          .computeIfAbsent(v.round(), r -> new HashMap<>())
          .computeIfAbsent(v.value(), x -> new HashSet<>())
          .add(v.sender());
    }

    private static int voters(Map<Integer, Map<Value, Set<Integer>>> tally, int round, Value v) {
      return tally.getOrDefault(round, Map.of()).getOrDefault(v, Set.of()).size();
    }

    private void checkOwn(Message m, RoundState before) {
      String key =
          (m instanceof Message.Vote ? ((Message.Vote) m).type().label() : "proposal")
              + "@"
              + m.round();
      Message earlier = ownMessages.putIfAbsent(key, m);
      assertTrue(earlier == null, "we sent two messages for " + key + ": " + earlier + ", " + m);
      if (m instanceof Message.Proposal) {
        proposals.putIfAbsent(m.round(), (Message.Proposal) m);
        return;
      }
      Message.Vote own = (Message.Vote) m;
      record(own);
      if (own.isNil()) {
        return;
      }
      if (own.type() == VoteType.PREVOTE) {
        assertFalse(own.value().equals(X), "prevoted an invalid value");
        Message.Proposal p = proposals.get(own.round());
        assertTrue(p != null && p.value().equals(own.value()), "prevote without its proposal");
        if (before.lockedRound() >= 0 && !own.value().equals(before.lockedValue())) {
          // L29: only a proposal whose valid round has a polka and is not older than the lock
          assertTrue(
              p.validRound() >= before.lockedRound()
                  && voters(prevotesFor, p.validRound(), own.value()) >= 3,
              "prevoted " + own + " while locked: " + before + " on " + p);
          unlocks++;
        } else if (p.validRound() >= 0) { // L28 needs the polka at vr
          assertTrue(voters(prevotesFor, p.validRound(), own.value()) >= 3, "L28 without polka");
        }
      } else {
        assertTrue(voters(prevotesFor, own.round(), own.value()) >= 3, "precommit without polka");
      }
    }
  }

  /**
   * The lock of L36 and its release by L28: we may lock A at round 0; a polka for B forms at round
   * 1; v3 proposes B at round 2 with valid round 1. In every order our conduct follows the rules
   * (so we prevote B at round 2 over a lock on A only once the round-1 polka is complete), and in
   * many orders that prevote does release a lock on A.
   */
  @Test
  void aLockIsReleasedOnlyByALaterPolkaInAnyOrder() {
    Random random = new Random(4);
    int released = 0;
    for (int i = 0; i < 3000; i++) {
      List<Event> events = new ArrayList<>();
      events.add(proposal(0, A, -1, 1));
      events.add(prevote(0, A, 1));
      events.add(prevote(0, A, 2));
      events.add(prevote(1, B, 1));
      events.add(prevote(1, B, 2));
      events.add(prevote(1, B, 3));
      events.add(proposal(2, B, 1, 3));
      events.add(prevote(2, B, 1));
      Collections.shuffle(events, random);
      Conduct conduct = new Conduct();
      events.forEach(conduct::feed);
      released += conduct.unlocks;
    }
    assertTrue(released > 100, "a lock on A was released in only " + released + " orders");
  }

  /**
   * An older polka does not release a lock (L29): B has a polka at round 0 (no proposal for it
   * reaches us then), we may lock A at round 1, and v3 proposes B at round 2 with valid round 0.
   * Locked on A at round 1, our round-2 prevote must be nil, in any order.
   */
  @Test
  void anOlderPolkaDoesNotReleaseALockInAnyOrder() {
    Random random = new Random(5);
    int kept = 0;
    for (int i = 0; i < 3000; i++) {
      List<Event> events = new ArrayList<>();
      events.add(prevote(0, B, 1));
      events.add(prevote(0, B, 2));
      events.add(prevote(0, B, 3));
      events.add(proposal(1, A, -1, 2));
      events.add(prevote(1, A, 1));
      events.add(prevote(1, A, 2));
      events.add(proposal(2, B, 0, 3));
      events.add(prevote(2, B, 1));
      Collections.shuffle(events, random);
      Conduct conduct = new Conduct();
      events.forEach(conduct::feed);
      Message prevote2 = conduct.ownMessages.get("prevote@2");
      if (conduct.d.machine.state().lockedRound() == 1 && prevote2 != null) {
        assertNull(((Message.Vote) prevote2).value(), "order " + events);
        kept++;
      }
    }
    assertTrue(kept > 100, "locked on A at round 1 in only " + kept + " orders");
  }

  /**
   * Random streams of arbitrary messages (any sender, rounds 0..4, values A, B, invalid X or nil,
   * any valid round) and timeouts, with our conduct checked after every event.
   */
  @Test
  void ownConductFollowsTheRulesUnderRandomEvents() {
    Random random = new Random(3);
    Value[] values = {A, B, A, B, A, B, A, B, X, null};
    int decided = 0;
    for (int run = 0; run < 1500; run++) {
      Conduct conduct = new Conduct();
      for (int step = 0; step < 120 && conduct.d.machine.state().decision() == null; step++) {
        int kind = random.nextInt(10);
        int round = random.nextInt(5);
        Value v = values[random.nextInt(values.length)];
        int from = 1 + random.nextInt(3);
        Event e;
        if (kind < 3) {
          int validRound = random.nextInt(round + 1) - 1;
          e = proposal(round, v == null ? A : v, validRound, FOUR.proposer(1, round));
        } else if (kind < 7) {
          e = prevote(round, v, from);
        } else if (kind < 8) {
          e = precommit(round, v, from);
        } else {
          e = new Event.Timeout(1, conduct.d.machine.round(), Step.values()[random.nextInt(3)]);
        }
        conduct.feed(e);
      }
      decided += conduct.decisions;
    }
    assertTrue(decided > 200, "decisions: " + decided);
  }
}
