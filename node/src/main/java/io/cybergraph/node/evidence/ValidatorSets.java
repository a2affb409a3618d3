package io.cybergraph.node.evidence;

import io.cybergraph.proto.pb.ValidatorSet;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The validator set that signs each height. Today the set is the genesis set at every height
 * (validator changes are not part of the chain yet); it is known for heights 1 up to the
 * latest committed height + 1 (the height being agreed). A later set-change feature replaces
 * {@link #fixed} with sets read from the store.
 */
@FunctionalInterface
public interface ValidatorSets {

  /** The set of {@code height}, empty when this node does not know it (yet). */
  Optional<ValidatorSet> at(long height);

  /** The same set at every height from 1 to {@code latest.getAsLong() + 1}. */
  static ValidatorSets fixed(ValidatorSet set, LongSupplier latest) {
    return height ->
        height >= 1 && height <= latest.getAsLong() + 1 ? Optional.of(set) : Optional.empty();
  }
}
