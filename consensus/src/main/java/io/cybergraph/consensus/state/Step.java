package io.cybergraph.consensus.state;

/** The step of a round (the paper's {@code step_p}), in the order a round goes through them. */
public enum Step {
  PROPOSE,
  PREVOTE,
  PRECOMMIT;

  /** Lower-case name, as used in scripts and logs. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
