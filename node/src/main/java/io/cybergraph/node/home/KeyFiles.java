package io.cybergraph.node.home;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The JSON key files of a home. Each holds an Ed25519 key as {@code public_key} and {@code
 * private_key} (the 32-byte seed), lowercase hex, plus one derived field that names the key:
 *
 * <ul>
 *   <li>{@code config/node_key.json}: {@code {"id", "public_key", "private_key"}}, id = hex of
 *       the first 20 bytes of SHA-256(public key): the p2p node ID (same format as the p2p
 *       module's {@code NodeKey});
 *   <li>{@code config/priv_validator_key.json}: {@code {"address", "public_key",
 *       "private_key"}}, address = the same 20 bytes in hex (the validator address);
 *   <li>{@code keys/NAME.json}: {@code {"name", "address", "public_key", "private_key"}},
 *       address in bech32 ({@code cyber1...}).
 * </ul>
 *
 * <p>Reading checks that the public key and the derived field match the seed (a hand-edited
 * file is refused, naming the field); fields other than these are ignored. Files are mode 0600.
 */
final class KeyFiles {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final HexFormat HEX = HexFormat.of();

  private KeyFiles() {}

  /** A new JSON object; the caller puts the naming field first, then {@link #putKeys}. */
  static ObjectNode keyObject() {
    return JSON.createObjectNode();
  }

  static void putKeys(ObjectNode node, KeyPair key) {
    node.put("public_key", HEX.formatHex(key.publicKey()));
    node.put("private_key", HEX.formatHex(key.seed()));
  }

  static void write(Path file, ObjectNode node) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(node);
    } catch (JacksonException e) {
      throw new IllegalStateException(e);
    }
    SecretFiles.writeNew(file, bytes);
  }

  static JsonNode read(Path file, String what) {
    try {
      JsonNode node = JSON.readTree(CappedFile.read(file, CappedFile.KEY_FILE_MAX));
      if (node == null || !node.isObject()) {
        throw new HomeException(what + " " + file + ": not a JSON object");
      }
      return node;
    } catch (NoSuchFileException e) {
      throw new HomeException(what + " " + file + " does not exist");
    } catch (JacksonException e) {
      throw new HomeException(what + " " + file + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new HomeException("cannot read " + what + " " + file + ": " + IoErrors.describe(e), e);
    }
  }

  /** The key pair of a file's {@code private_key}, checked against its {@code public_key}. */
  static KeyPair keyPair(JsonNode node, Path file, String what) {
    byte[] seed = hex(node, "private_key", Ed25519.SEED_LENGTH, file, what);
    byte[] publicKey = hex(node, "public_key", Ed25519.PUBLIC_KEY_LENGTH, file, what);
    KeyPair key = KeyPair.fromSeed(seed);
    if (!java.util.Arrays.equals(key.publicKey(), publicKey)) {
      throw new HomeException(what + " " + file + ": public_key does not match private_key");
    }
    return key;
  }

  static String text(JsonNode node, String field, Path file, String what) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new HomeException(what + " " + file + ": missing " + field);
    }
    return value.asText();
  }

  private static byte[] hex(JsonNode node, String field, int length, Path file, String what) {
    String text = text(node, field, file, what);
    byte[] bytes;
    try {
      bytes = HEX.parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new HomeException(what + " " + file + ": " + field + " is not hex");
    }
    if (bytes.length != length) {
      throw new HomeException(
          what + " " + file + ": " + field + " must be " + length + " bytes, got " + bytes.length);
    }
    return bytes;
  }
}
