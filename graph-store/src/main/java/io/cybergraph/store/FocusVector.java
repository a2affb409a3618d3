package io.cybergraph.store;

import java.util.Objects;

/** The focus π* computed for a height: one fixed-point value per particle index. */
public record FocusVector(long height, long[] values) {
  public FocusVector {
    Objects.requireNonNull(values, "focus values");
  }
}
