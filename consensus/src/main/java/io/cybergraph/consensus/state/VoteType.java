package io.cybergraph.consensus.state;

/** The two kinds of vote. */
public enum VoteType {
  PREVOTE,
  PRECOMMIT;

  /** Lower-case name, as used in scripts and logs. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
