package io.cybergraph.consensus.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic, seeded simulation of {@code n} equal validators: honest ones run a {@link
 * TendermintMachine} each; byzantine ones run nothing and inject arbitrary messages, including
 * different messages to different receivers (equivocation) and votes for rounds around the
 * receiver's. One random generator drives everything: which in-flight message is delivered next
 * (any order, with duplicates), when a scheduled timeout fires (any time: asynchrony), what the
 * proposers propose (A or B, so honest proposals conflict too) and what the byzantine validators
 * send. Messages of a height a node has not reached yet stay in flight until it does (the node's
 * buffering); older ones are delivered and ignored.
 *
 * <p>With {@code gossip}, honest nodes relay every message the first time they receive it,
 * byzantine ones included: the paper's gossip assumption, on which its liveness (not its safety)
 * rests. Without it a byzantine vote seen by only some honest nodes can keep the others from ever
 * seeing the polka or the commit they need, so runs without gossip check safety under a harsher
 * network but need not finish.
 *
 * <p>The first steps are fully asynchronous (timeouts fire about as often as messages arrive);
 * after them ("GST") in-flight messages are delivered before any timeout fires.
 */
final class Simulation {
  static final Value A = value("A");
  static final Value B = value("B");
  static final Value X = value("X"); // fails validity everywhere

  private record Delivery(int to, Message message) {}

  private record Timer(int node, Event.Timeout timeout) {}

  private final Random random;
  private final int n;
  private final Set<Integer> byzantine;
  private final int heights;
  private final boolean gossip;
  private final ValidatorSet validators;
  private final TendermintMachine[] machines;
  private final List<Delivery> inFlight = new ArrayList<>();
  private final List<Timer> timers = new ArrayList<>();
  private final List<Set<Message>> seen = new ArrayList<>();

  /** decisions.get(height).get(node) = value */
  final Map<Long, Map<Integer, Value>> decisions = new HashMap<>();

  int evidenceReports;
  int steps;

  Simulation(long seed, int n, Set<Integer> byzantine, int heights, boolean gossip) {
    this.random = new Random(seed);
    this.gossip = gossip;
    this.n = n;
    this.byzantine = Set.copyOf(byzantine);
    this.heights = heights;
    this.validators = ValidatorSet.equal(n);
    this.machines = new TendermintMachine[n];
    for (int i = 0; i < n; i++) {
      seen.add(new java.util.HashSet<>());
      if (!byzantine.contains(i)) {
        // small timeouts: their values do not matter here, only their order
        machines[i] = new TendermintMachine(new TimeoutConfig(3, 1, 1, 1, 1, 1), 50);
      }
    }
  }

  static Value value(String s) {
    return Value.of(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Runs until every honest node has decided {@code heights} heights or {@code maxSteps} steps are
   * done; the first {@code asyncSteps} are before GST.
   */
  Simulation run(int asyncSteps, int maxSteps) {
    for (int i = 0; i < n; i++) {
      if (machines[i] != null) {
        apply(i, new Event.StartHeight(1, validators, i));
      }
    }
    while (steps < maxSteps && !allDecided()) {
      steps++;
      boolean synchronous = steps > asyncSteps; // "GST": from here on messages beat timeouts
      int pick = random.nextInt(100);
      if (pick < 10 && !byzantine.isEmpty()) {
        injectByzantine();
      } else if (!inFlight.isEmpty() && (synchronous || pick < 75)) {
        deliverOne();
      } else if (!timers.isEmpty()) {
        Timer t = takeAt(timers, random.nextInt(timers.size()));
        apply(t.node(), t.timeout());
      } else if (!inFlight.isEmpty()) {
        deliverOne();
      }
    }
    return this;
  }

  String debugState() {
    StringBuilder sb =
        new StringBuilder("inFlight=" + inFlight.size() + " timers=" + timers.size());
    for (int i = 0; i < n; i++) {
      if (machines[i] != null) {
        sb.append(" | ").append(i).append(": ").append(machines[i].state());
      }
    }
    return sb.toString();
  }

  boolean allDecided() {
    Map<Integer, Value> last = decisions.get((long) heights);
    return last != null && last.size() == n - byzantine.size();
  }

  /** Honest nodes that decided different values at one height: a fork. Null if none. */
  String fork() {
    for (Map.Entry<Long, Map<Integer, Value>> e : decisions.entrySet()) {
      if (e.getValue().values().stream().distinct().count() > 1) {
        return "height " + e.getKey() + ": " + e.getValue();
      }
    }
    return null;
  }

  private void deliverOne() {
    int i = random.nextInt(inFlight.size());
    Delivery d = inFlight.get(i);
    TendermintMachine m = machines[d.to()];
    if (d.message().height() > m.height()) {
      return; // buffered until the receiver reaches that height
    }
    if (random.nextInt(10) != 0) { // sometimes delivered twice
      takeAt(inFlight, i);
    }
    if (gossip && seen.get(d.to()).add(d.message())) {
      sendToOthers(d.to(), d.message()); // gossip
    }
    apply(d.to(), new Event.Receive(d.message()));
  }

  /** Removes element i in O(1) (order does not matter: picks are random). */
  private static <T> T takeAt(List<T> list, int i) {
    T taken = list.get(i);
    list.set(i, list.get(list.size() - 1));
    list.remove(list.size() - 1);
    return taken;
  }

  private void sendToOthers(int from, Message m) {
    for (int to = 0; to < n; to++) {
      if (to != from && machines[to] != null) {
        inFlight.add(new Delivery(to, m));
      }
    }
  }

  private void apply(int node, Event event) {
    List<Event> pending = new ArrayList<>();
    pending.add(event);
    while (!pending.isEmpty()) {
      Event e = pending.remove(0);
      TendermintMachine m = machines[node];
      for (Action a : m.handle(e)) {
        if (a instanceof Action.Broadcast) {
          Message sent = ((Action.Broadcast) a).message();
          if (gossip) {
            seen.get(node).add(sent);
          }
          sendToOthers(node, sent);
        } else if (a instanceof Action.ScheduleTimeout) {
          Action.ScheduleTimeout s = (Action.ScheduleTimeout) a;
          timers.add(new Timer(node, new Event.Timeout(s.height(), s.round(), s.step())));
        } else if (a instanceof Action.RequestValue) {
          Action.RequestValue r = (Action.RequestValue) a;
          pending.add(new Event.ValueReady(r.height(), r.round(), random.nextBoolean() ? A : B));
        } else if (a instanceof Action.CheckValidity) {
          Action.CheckValidity c = (Action.CheckValidity) a;
          pending.add(new Event.ValidityChecked(c.height(), c.value(), !c.value().equals(X)));
        } else if (a instanceof Action.Decide) {
          Action.Decide d = (Action.Decide) a;
          Value before =
              decisions.computeIfAbsent(d.height(), h -> new HashMap<>()).put(node, d.value());
          if (before != null) {
            throw new AssertionError("node " + node + " decided twice at " + d.height());
          }
          if (d.height() < heights) {
            pending.add(new Event.StartHeight(d.height() + 1, validators, node));
          }
        } else if (a instanceof Action.ReportEvidence) {
          Evidence ev = ((Action.ReportEvidence) a).evidence();
          if (!byzantine.contains(ev.validator())) {
            throw new AssertionError("honest validator " + ev.validator() + " blamed: " + ev);
          }
          evidenceReports++;
        }
      }
      checkInvariants(m.state());
    }
  }

  private static void checkInvariants(RoundState s) {
    if (s.lockedRound() > s.round() || s.validRound() > s.round()) {
      throw new AssertionError("lock or valid round ahead of the round: " + s);
    }
    if (s.validRound() < s.lockedRound()) {
      throw new AssertionError("valid round behind the locked round: " + s);
    }
    if ((s.lockedRound() < 0) != (s.lockedValue() == null)
        || (s.validRound() < 0) != (s.validValue() == null)) {
      throw new AssertionError("value and round disagree: " + s);
    }
  }

  /**
   * One byzantine message to one honest receiver, for a round near the receiver's: mostly a
   * "split-brain" value (A to even receivers, B to odd ones), otherwise anything, nil or invalid.
   */
  private void injectByzantine() {
    List<Integer> bad = new ArrayList<>(byzantine);
    int from = bad.get(random.nextInt(bad.size()));
    int to;
    do {
      to = random.nextInt(n);
    } while (machines[to] == null);
    TendermintMachine target = machines[to];
    long height = target.height();
    int round = Math.max(0, target.round() - 1 + random.nextInt(4));
    Value v;
    int r = random.nextInt(10);
    if (r < 7) {
      v = to % 2 == 0 ? A : B;
    } else if (r < 8) {
      v = X;
    } else if (r < 9) {
      v = random.nextBoolean() ? A : B;
    } else {
      v = null;
    }
    Message m;
    int kind = random.nextInt(3);
    if (kind == 0 && validators.proposer(height, round) == from && v != null) {
      int validRound = round == 0 ? -1 : random.nextInt(round + 1) - 1;
      m = new Message.Proposal(height, round, v, validRound, from);
    } else {
      VoteType type = kind == 2 ? VoteType.PRECOMMIT : VoteType.PREVOTE;
      m = new Message.Vote(type, height, round, v, from);
    }
    inFlight.add(new Delivery(to, m));
  }
}
