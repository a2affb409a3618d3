package io.cybergraph.consensus.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The validators of one height, in set order (the order matters: it is the tie-break of the
 * proposer rule), with the power thresholds of the algorithm.
 *
 * <p>With total power {@code N}: "2f+1" means power {@code > 2N/3} and "f+1" means power {@code >
 * N/3}, both checked in exact integer arithmetic. The total is capped at 2^60 so that {@code 3 ×
 * power} cannot overflow.
 */
public final class ValidatorSet {
  /** Largest total power accepted. */
  public static final long MAX_TOTAL_POWER = 1L << 60;

  private final List<Validator> validators;
  private final long totalPower;
  private final ProposerRule proposerRule;

  public ValidatorSet(List<Validator> validators) {
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("a validator set must not be empty");
    }
    Set<String> names = new HashSet<>();
    long total = 0;
    for (Validator v : validators) {
      if (!names.add(v.name())) {
        throw new IllegalArgumentException("duplicate validator " + v.name());
      }
      total += v.power();
      if (total > MAX_TOTAL_POWER) {
        throw new IllegalArgumentException("total power exceeds 2^60");
      }
    }
    this.validators = List.copyOf(validators);
    this.totalPower = total;
    long[] powers = new long[validators.size()];
    for (int i = 0; i < powers.length; i++) {
      powers[i] = validators.get(i).power();
    }
    this.proposerRule = new ProposerRule(powers);
  }

  /** A set of {@code n} validators named v0..v(n-1), each with power 1 (handy in tests). */
  public static ValidatorSet equal(int n) {
    List<Validator> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new Validator("v" + i, 1));
    }
    return new ValidatorSet(list);
  }

  public int size() {
    return validators.size();
  }

  public Validator get(int index) {
    return validators.get(index);
  }

  public List<Validator> validators() {
    return validators;
  }

  public long totalPower() {
    return totalPower;
  }

  public long power(int index) {
    return validators.get(index).power();
  }

  /** Index of the validator with this name, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < validators.size(); i++) {
      if (validators.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The paper's "2f+1": more than two thirds of the total power. */
  public boolean isQuorum(long power) {
    return 3 * power > 2 * totalPower;
  }

  /** The paper's "f+1": more than one third of the total power. */
  public boolean isOneThird(long power) {
    return 3 * power > totalPower;
  }

  /** Index of the proposer of {@code round} at {@code height} (see {@link ProposerRule}). */
  public int proposer(long height, int round) {
    return proposerRule.proposer(height, round);
  }
}
