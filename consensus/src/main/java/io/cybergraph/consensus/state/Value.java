package io.cybergraph.consensus.state;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A value the validators agree on, as opaque bytes (in the node: the deterministic encoding of a
 * {@code BlockID}; in scripts: the UTF-8 bytes of a name such as {@code "A"}).
 *
 * <p>The paper distinguishes a value {@code v} from its identifier {@code id(v)}; here the
 * consensus value already is the identifier (the block itself travels separately, and the
 * application's validity answer is about the block with this id), so {@code id(v) = v}. Nil is
 * represented by {@code null} wherever a vote may carry it, never by a {@code Value}.
 */
public final class Value implements Comparable<Value> {
  private final byte[] bytes;

  private Value(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A value holding a copy of {@code bytes} (non-empty: empty means nil on the wire). */
  public static Value of(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("a value must not be empty (empty means nil)");
    }
    return new Value(bytes.clone());
  }

  /** A copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Value && Arrays.equals(bytes, ((Value) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Unsigned lexicographic order, for deterministic output. */
  @Override
  public int compareTo(Value o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
