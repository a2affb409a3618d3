package io.cybergraph.consensus.state;

import java.util.HashMap;
import java.util.Map;

/**
 * The votes of one type in one round: at most one counted vote per validator (the first
 * received), the power behind each value and behind nil, and the value (if any) that has more
 * than two thirds. A second, different vote from the same validator is not counted.
 */
final class VoteSet {
  /** What {@link #add} did with a vote. */
  enum Outcome {
    /** The validator's first vote here: counted. */
    COUNTED,
    /** The same vote again, or another conflicting vote after the first one was reported. */
    IGNORED,
    /** A vote different from the counted one: report it as evidence, count nothing. */
    EQUIVOCATION
  }

  private final ValidatorSet validators;
  private final Message.Vote[] byValidator;
  private final java.util.BitSet equivocators = new java.util.BitSet();
  // lookups only, never iterated: results do not depend on hash order
  private final Map<Value, Long> powerByValue = new HashMap<>();
  private long nilPower;
  private long anyPower;
  private Value quorumValue;

  VoteSet(ValidatorSet validators) {
    this.validators = validators;
    this.byValidator = new Message.Vote[validators.size()];
  }

  Outcome add(Message.Vote vote) {
    Message.Vote counted = byValidator[vote.sender()];
    if (counted != null) {
      if (java.util.Objects.equals(counted.value(), vote.value())
          || equivocators.get(vote.sender())) {
        return Outcome.IGNORED;
      }
      equivocators.set(vote.sender());
      return Outcome.EQUIVOCATION;
    }
    byValidator[vote.sender()] = vote;
    long power = validators.power(vote.sender());
    anyPower += power;
    if (vote.isNil()) {
      nilPower += power;
    } else {
      long forValue = powerByValue.merge(vote.value(), power, Long::sum);
      if (quorumValue == null && validators.isQuorum(forValue)) {
        quorumValue = vote.value(); // at most one value can pass 2/3 with each vote counted once
      }
    }
    return Outcome.COUNTED;
  }

  /** The vote counted for {@code validator}, or null. */
  Message.Vote counted(int validator) {
    return byValidator[validator];
  }

  /** 2f+1 votes for {@code value}. */
  boolean hasQuorumFor(Value value) {
    return value.equals(quorumValue);
  }

  /** The value with 2f+1 votes, or null. */
  Value quorumValue() {
    return quorumValue;
  }

  /** 2f+1 votes for nil. */
  boolean hasQuorumForNil() {
    return validators.isQuorum(nilPower);
  }

  /** 2f+1 votes for anything (values and nil together). */
  boolean hasQuorumForAny() {
    return validators.isQuorum(anyPower);
  }
}
