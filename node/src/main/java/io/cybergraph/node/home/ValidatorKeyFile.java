package io.cybergraph.node.home;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;
import java.nio.file.Path;

/**
 * {@code config/priv_validator_key.json}: the consensus signing key, {@code {"address",
 * "public_key", "private_key"}} with the address in hex (see {@link KeyFiles}).
 */
public final class ValidatorKeyFile {

  private static final String WHAT = "validator key file";

  private ValidatorKeyFile() {}

  /** Writes a new file (mode 0600); refuses to overwrite one. */
  public static void write(Path file, KeyPair key) {
    ObjectNode node = KeyFiles.keyObject();
    node.put("address", Address.hex(key.address()));
    KeyFiles.putKeys(node, key);
    KeyFiles.write(file, node);
  }

  /** Reads and checks the file; {@link HomeException} names the file and the field. */
  public static KeyPair read(Path file) {
    JsonNode node = KeyFiles.read(file, WHAT);
    KeyPair key = KeyFiles.keyPair(node, file, WHAT);
    String address = KeyFiles.text(node, "address", file, WHAT);
    if (!address.equalsIgnoreCase(Address.hex(key.address()))) {
      throw new HomeException(
          WHAT + " " + file + ": address " + address + " does not match the key");
    }
    return key;
  }
}
