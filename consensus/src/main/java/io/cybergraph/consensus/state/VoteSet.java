package io.cybergraph.consensus.state;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The votes of one type in one round, tallied the way the paper counts them.
 *
 * <ul>
 *   <li>"2f+1 ⟨PREVOTE, h, r, ∗⟩" counts distinct validators: each validator's power counts once,
 *       whatever it sent, so an equivocator cannot inflate it.
 *   <li>"2f+1 ⟨PREVOTE, h, r, id(v)⟩" counts the distinct validators that voted for v. A validator
 *       that voted for two values (equivocation, reported as evidence at the first conflict)
 *       appears in the tally of each value it voted for, but never twice in one tally. This is what
 *       the paper's rules count, and it is safe: two quorums of more than 2/3 overlap in more than
 *       1/3, so in at least one honest validator, and honest validators never vote twice. It is
 *       also what keeps honest nodes live: a node that counted only the first of an equivocator's
 *       votes could never see the commit or polka the others saw with its other vote (CometBFT
 *       counts such votes too, once a peer claims the quorum).
 * </ul>
 *
 * A validator's votes for at most {@link #MAX_VALUES_PER_VALIDATOR} different values (nil included)
 * are kept per round and type; further ones are dropped (a memory bound: only a validator's own
 * signature can create them, and the first conflict already is evidence).
 */
final class VoteSet {
  /** Different values one validator's votes are kept for, per round and type. */
  static final int MAX_VALUES_PER_VALIDATOR = 4;

  /** What {@link #add} did with a vote. */
  enum Outcome {
    /** The validator's first vote here: counted. */
    COUNTED,
    /** Already counted, or dropped beyond the per-validator bound. */
    IGNORED,
    /** The validator's first vote that differs from an earlier one: report it; counted. */
    EQUIVOCATION,
    /** A further different vote of a known equivocator: counted, already reported. */
    REPEATED_EQUIVOCATION
  }

  private final ValidatorSet validators;
  private final Message.Vote[] first;
  private final int[] valuesVoted;
  // lookups only, never iterated: results do not depend on hash order
  private final Map<Value, Tally> byValue = new HashMap<>();
  private final Tally nil = new Tally();
  private long anyPower;
  private Value quorumValue;

  private static final class Tally {
    final BitSet voters = new BitSet();
    long power;
  }

  VoteSet(ValidatorSet validators) {
    this.validators = validators;
    this.first = new Message.Vote[validators.size()];
    this.valuesVoted = new int[validators.size()];
  }

  Outcome add(Message.Vote vote) {
    int who = vote.sender();
    Tally tally = vote.isNil() ? nil : byValue.get(vote.value());
    if (tally != null && tally.voters.get(who)) {
      return Outcome.IGNORED;
    }
    if (valuesVoted[who] == MAX_VALUES_PER_VALIDATOR) {
      return Outcome.IGNORED;
    }
    if (tally == null) {
      tally = new Tally();
      byValue.put(vote.value(), tally);
    }
    long power = validators.power(who);
    tally.voters.set(who);
    tally.power += power;
    valuesVoted[who]++;
    if (!vote.isNil() && quorumValue == null && validators.isQuorum(tally.power)) {
      quorumValue = vote.value(); // the first value to pass 2/3 (the only one, if safe)
    }
    if (first[who] == null) {
      first[who] = vote;
      anyPower += power;
      return Outcome.COUNTED;
    }
    return valuesVoted[who] == 2 ? Outcome.EQUIVOCATION : Outcome.REPEATED_EQUIVOCATION;
  }

  /** The first vote received from {@code validator}, or null. */
  Message.Vote first(int validator) {
    return first[validator];
  }

  /** 2f+1 votes for {@code value}. */
  boolean hasQuorumFor(Value value) {
    Tally t = byValue.get(value);
    return t != null && validators.isQuorum(t.power);
  }

  /** The (first) value with 2f+1 votes, or null. */
  Value quorumValue() {
    return quorumValue;
  }

  /** 2f+1 votes for nil. */
  boolean hasQuorumForNil() {
    return validators.isQuorum(nil.power);
  }

  /** 2f+1 validators voted, for anything (each counted once). */
  boolean hasQuorumForAny() {
    return validators.isQuorum(anyPower);
  }
}
