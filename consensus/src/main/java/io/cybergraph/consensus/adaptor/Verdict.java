package io.cybergraph.consensus.adaptor;

/**
 * What became of a message offered to consensus. {@code INVALID} is the sender's fault (bad
 * signature, wrong proposer, malformed): a reactor may penalise the peer that relayed it. {@code
 * OTHER_HEIGHT} is not: the node may keep a next-height message for later. {@code IGNORED} is a
 * valid message the engine does not keep (a round too far ahead, or a vote past the bound of
 * different votes per validator, round and type): nothing to relay.
 */
public record Verdict(Kind kind, String reason) {
  public enum Kind {
    ACCEPTED,
    OTHER_HEIGHT,
    IGNORED,
    INVALID
  }

  public static final Verdict ACCEPTED = new Verdict(Kind.ACCEPTED, "");

  public static Verdict otherHeight(String reason) {
    return new Verdict(Kind.OTHER_HEIGHT, reason);
  }

  public static Verdict ignored(String reason) {
    return new Verdict(Kind.IGNORED, reason);
  }

  public static Verdict invalid(String reason) {
    return new Verdict(Kind.INVALID, reason);
  }

  public boolean accepted() {
    return kind == Kind.ACCEPTED;
  }
}
