package io.cybergraph.consensus.state;

/**
 * One member of a validator set: a display name (an address in hex in the node, a script name in
 * scenarios) and its voting power.
 */
public record Validator(String name, long power) {
  public Validator {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("validator name must not be empty");
    }
    if (power <= 0) {
      throw new IllegalArgumentException("validator " + name + ": power must be > 0, got " + power);
    }
  }
}
