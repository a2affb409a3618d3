package io.cybergraph.node.home;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] SEED = HexFormat.of().parseHex(
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"); // RFC 8032 test 1
  private static final String PUBLIC =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

  @Test
  void nodeKeyFileHasTheP2pFormat() throws Exception {
    Path file = dir.resolve("config/node_key.json");
    NodeKeyFile.write(file, KeyPair.fromSeed(SEED));
    JsonNode node = JSON.readTree(file.toFile());
    assertEquals(List.of("id", "public_key", "private_key"), names(node));
    byte[] pub = HexFormat.of().parseHex(PUBLIC);
    assertEquals(HexFormat.of().formatHex(Arrays.copyOf(Hashes.sha256(pub), 20)),
        node.get("id").asText());
    assertEquals(PUBLIC, node.get("public_key").asText());
    assertEquals(HexFormat.of().formatHex(SEED), node.get("private_key").asText());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertArrayEquals(pub, NodeKeyFile.read(file).publicKey());
    assertFalse(Files.exists(dir.resolve("config/node_key.json.tmp")));
  }

  @Test
  void nodeKeyIsCreatedOnceThenKeptAndGivesTheP2pNodeId() {
    Path file = dir.resolve("config/node_key.json");
    KeyPair first = NodeKeyFile.readOrCreate(file);
    assertTrue(SecretFiles.isOwnerOnly(file));
    assertEquals(first, NodeKeyFile.readOrCreate(file));
    assertEquals(NodeKeyFile.nodeId(first.publicKey()),
        io.cybergraph.p2p.NodeKey.of(first).id().hex());
  }

  @Test
  void validatorKeyFile() throws Exception {
    Path file = dir.resolve("priv_validator_key.json");
    KeyPair key = KeyPair.fromSeed(SEED);
    ValidatorKeyFile.write(file, key);
    JsonNode node = JSON.readTree(file.toFile());
    assertEquals(List.of("address", "public_key", "private_key"), names(node));
    assertEquals(Address.hex(key.address()), node.get("address").asText());
    assertTrue(SecretFiles.isOwnerOnly(file));
    assertEquals(key, ValidatorKeyFile.read(file));
  }

  @Test
  void keyFilesAreNeverOverwritten() throws Exception {
    Path file = dir.resolve("node_key.json");
    NodeKeyFile.write(file, KeyPair.fromSeed(SEED));
    byte[] before = Files.readAllBytes(file);
    HomeException e = assertThrows(HomeException.class,
        () -> NodeKeyFile.write(file, KeyPair.generate(new java.security.SecureRandom())));
    assertTrue(e.getMessage().contains("refusing to overwrite"));
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void damagedFilesAreRefusedNamingTheField() throws Exception {
    Path file = dir.resolve("node_key.json");
    NodeKeyFile.write(file, KeyPair.fromSeed(SEED));
    ObjectNode good = (ObjectNode) JSON.readTree(file.toFile());

    assertDamaged(file, good.deepCopy().put("id", "00".repeat(20)), "id 0000");
    assertDamaged(file, good.deepCopy().put("public_key", "11".repeat(32)),
        "public_key does not match private_key");
    assertDamaged(file, good.deepCopy().put("private_key", "xyz"), "private_key is not hex");
    assertDamaged(file, good.deepCopy().put("private_key", "00"), "private_key must be 32 bytes");
    ObjectNode missing = good.deepCopy();
    missing.remove("id");
    assertDamaged(file, missing, "missing id");
    Files.writeString(file, "{not json");
    assertTrue(assertThrows(HomeException.class, () -> NodeKeyFile.read(file)).getMessage()
        .contains("not valid JSON"));
    assertTrue(assertThrows(HomeException.class,
        () -> NodeKeyFile.read(dir.resolve("absent.json"))).getMessage().contains("does not exist"));
    ObjectNode extra = good.deepCopy().put("type", "ed25519"); // other writers may add fields
    Files.write(file, JSON.writeValueAsBytes(extra));
    assertEquals(KeyPair.fromSeed(SEED), NodeKeyFile.read(file));
  }

  private static void assertDamaged(Path file, ObjectNode content, String expected)
      throws Exception {
    Files.write(file, JSON.writeValueAsBytes(content));
    HomeException e = assertThrows(HomeException.class, () -> NodeKeyFile.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
