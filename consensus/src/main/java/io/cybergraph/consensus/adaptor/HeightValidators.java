package io.cybergraph.consensus.adaptor;

import com.google.protobuf.ByteString;
import io.cybergraph.consensus.state.Validator;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.pb.ValidatorSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The validators of one height in both forms: the protocol's (addresses, public keys, powers, in
 * set order) and the state machine's (indexes and powers; names are hex addresses).
 */
public final class HeightValidators {
  private final ValidatorSet proto;
  private final io.cybergraph.consensus.state.ValidatorSet machineSet;
  private final Map<ByteString, Integer> indexByAddress = new HashMap<>(); // lookups only

  private HeightValidators(ValidatorSet proto, io.cybergraph.consensus.state.ValidatorSet set) {
    this.proto = proto;
    this.machineSet = set;
    for (int i = 0; i < proto.getValidatorsCount(); i++) {
      indexByAddress.put(proto.getValidators(i).getAddress(), i);
    }
  }

  /**
   * Checks and converts a validator set: every address must be the address of its 32-byte public
   * key, addresses unique, powers positive, total at most 2^60.
   *
   * @throws IllegalArgumentException naming the first bad validator
   */
  public static HeightValidators of(ValidatorSet proto) {
    List<Validator> list = new ArrayList<>();
    for (int i = 0; i < proto.getValidatorsCount(); i++) {
      io.cybergraph.proto.pb.Validator v = proto.getValidators(i);
      byte[] key = v.getPublicKey().toByteArray();
      if (key.length != Ed25519.PUBLIC_KEY_LENGTH) {
        throw new IllegalArgumentException("validator " + i + ": public key must be 32 bytes");
      }
      if (!v.getAddress().equals(ByteString.copyFrom(Address.fromPublicKey(key)))) {
        throw new IllegalArgumentException(
            "validator " + i + ": address is not the address of its public key");
      }
      list.add(new Validator(HexFormat.of().formatHex(v.getAddress().toByteArray()), v.getPower()));
    }
    return new HeightValidators(proto, new io.cybergraph.consensus.state.ValidatorSet(list));
  }

  /** The set as the state machine counts it. */
  public io.cybergraph.consensus.state.ValidatorSet machineSet() {
    return machineSet;
  }

  public ValidatorSet proto() {
    return proto;
  }

  public int size() {
    return proto.getValidatorsCount();
  }

  /** Index of the validator with this address, or -1. */
  public int indexOf(ByteString address) {
    return indexByAddress.getOrDefault(address, -1);
  }

  public ByteString address(int index) {
    return proto.getValidators(index).getAddress();
  }

  public byte[] publicKey(int index) {
    return proto.getValidators(index).getPublicKey().toByteArray();
  }
}
