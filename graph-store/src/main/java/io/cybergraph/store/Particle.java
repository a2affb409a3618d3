package io.cybergraph.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * A particle as stored: its index (dense, in first-seen order from 0), its canonical key (the
 * bytes that make a CIDv0 and the CIDv1 of the same content one particle) and the text it was
 * first linked with.
 */
public record Particle(int index, byte[] key, String text) {

  public Particle {
    Objects.requireNonNull(key, "particle key");
    Objects.requireNonNull(text, "particle text");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Particle p
        && index == p.index
        && Arrays.equals(key, p.key)
        && text.equals(p.text);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * index + Arrays.hashCode(key)) + text.hashCode();
  }

  @Override
  public String toString() {
    return "Particle[" + index + ", " + text + "]";
  }
}
