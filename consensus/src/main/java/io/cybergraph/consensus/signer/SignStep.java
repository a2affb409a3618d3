package io.cybergraph.consensus.signer;

/** What is signed at a (height, round), in the order a round signs them. */
public enum SignStep {
  PROPOSAL(1),
  PREVOTE(2),
  PRECOMMIT(3);

  final int code;

  SignStep(int code) {
    this.code = code;
  }

  static SignStep ofCode(int code) {
    for (SignStep s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown sign step " + code);
  }
}
