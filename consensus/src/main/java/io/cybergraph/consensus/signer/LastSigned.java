package io.cybergraph.consensus.signer;

import java.util.Arrays;

/**
 * The last thing this validator signed: its height, round and step, the exact sign bytes and the
 * signature. {@link #NONE} (height 0) before anything was signed.
 */
public record LastSigned(
    long height, int round, SignStep step, byte[] signBytes, byte[] signature) {
  public static final LastSigned NONE =
      new LastSigned(0, 0, SignStep.PROPOSAL, new byte[0], new byte[0]);

  public LastSigned {
    signBytes = signBytes.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] signBytes() {
    return signBytes.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Orders (height, round, step) lexicographically. */
  int compareTo(long h, int r, SignStep s) {
    int c = Long.compare(height, h);
    if (c == 0) {
      c = Integer.compare(round, r);
    }
    if (c == 0) {
      c = Integer.compare(step.code, s.code);
    }
    return c;
  }

  boolean sameBytes(byte[] other) {
    return Arrays.equals(signBytes, other);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LastSigned)) {
      return false;
    }
    LastSigned l = (LastSigned) o;
    return height == l.height
        && round == l.round
        && step == l.step
        && Arrays.equals(signBytes, l.signBytes)
        && Arrays.equals(signature, l.signature);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(height) * 31 + round;
  }

  @Override
  public String toString() {
    return "LastSigned[height=" + height + ", round=" + round + ", step=" + step + "]";
  }
}
