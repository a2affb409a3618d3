package io.cybergraph.consensus.state;

/**
 * Proof that one validator sent two different messages of the same kind for the same height and
 * round (two prevotes, two precommits, or two proposals). The first one received is the one that
 * counts; the second is recorded here and counted nowhere.
 */
public record Evidence(Message first, Message second) {
  public Evidence {
    if (first.getClass() != second.getClass()
        || first.sender() != second.sender()
        || first.height() != second.height()
        || first.round() != second.round()) {
      throw new IllegalArgumentException(
          "evidence needs two messages of one kind, sender and round");
    }
  }

  public int validator() {
    return first.sender();
  }

  public long height() {
    return first.height();
  }

  public int round() {
    return first.round();
  }

  /** "proposal", "prevote" or "precommit". */
  public String kind() {
    return first instanceof Message.Vote ? ((Message.Vote) first).type().label() : "proposal";
  }
}
