package io.cybergraph.consensus.script;

import io.cybergraph.consensus.state.TimeoutConfig;
import io.cybergraph.consensus.state.ValidatorSet;
import io.cybergraph.consensus.state.Value;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The first line of a consensus script: who validates, who we are, where we start, and how our
 * stand-in application answers: {@code invalid} values fail the validity check, and {@code
 * proposals} says what we propose in a round when we are its proposer and have no valid value (a
 * round missing from it: the application has nothing, and we stay silent that round).
 */
public record Scenario(
    ValidatorSet validators,
    int me,
    long height,
    Set<Value> invalid,
    Map<Integer, Value> proposals,
    TimeoutConfig timeouts) {

  public Scenario {
    if (me < 0 || me >= validators.size()) {
      throw new IllegalArgumentException("me must name a validator");
    }
    if (height < 1) {
      throw new IllegalArgumentException("height must be >= 1");
    }
    invalid = Set.copyOf(invalid);
    proposals = new TreeMap<>(proposals);
  }
}
