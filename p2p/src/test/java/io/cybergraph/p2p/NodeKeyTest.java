package io.cybergraph.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeyTest {

  // RFC 8032, section 7.1, test 1
  private static final String SEED =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String PUBLIC_KEY =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  // first 20 bytes of SHA-256(PUBLIC_KEY), computed with Python's hashlib
  private static final String ID = "21fe31dfa154a261626bf854046fd2271b7bed4b";

  @TempDir Path dir;

  @Test
  void idIsTheFirst20BytesOfTheSha256OfThePublicKey() {
    NodeKey key = NodeKey.fromSeed(HexFormat.of().parseHex(SEED));
    assertEquals(PUBLIC_KEY, HexFormat.of().formatHex(key.publicKey()));
    assertEquals(ID, key.id().hex());
  }

  @Test
  void savedKeyLoadsBackWithOwnerOnlyPermissions() throws IOException {
    NodeKey key = NodeKey.generate();
    Path file = dir.resolve("config/node_key.json");
    key.save(file);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    NodeKey loaded = NodeKey.load(file);
    assertEquals(key.id(), loaded.id());
    assertArrayEquals(key.privateSeed(), loaded.privateSeed());
    String json = Files.readString(file);
    assertTrue(json.contains("\"id\" : \"" + key.id() + "\""), json);
    assertTrue(json.contains("\"public_key\""), json);
    assertTrue(json.contains("\"private_key\""), json);
    assertFalse(key.toString().contains(HexFormat.of().formatHex(key.privateSeed())));
  }

  @Test
  void loadOrGenerateCreatesOnceThenKeepsTheKey() throws IOException {
    Path file = dir.resolve("node_key.json");
    NodeKey first = NodeKey.loadOrGenerate(file);
    NodeKey second = NodeKey.loadOrGenerate(file);
    assertEquals(first.id(), second.id());
  }

  @Test
  void fileWhoseIdDoesNotMatchTheKeyIsRefused() throws IOException {
    Path file = dir.resolve("node_key.json");
    write(file, "{\"id\": \"" + "00".repeat(20) + "\", \"public_key\": \"" + PUBLIC_KEY
        + "\", \"private_key\": \"" + SEED + "\"}");
    IOException error = assertThrows(IOException.class, () -> NodeKey.load(file));
    assertTrue(error.getMessage().contains("does not match the key"), error.getMessage());
  }

  @Test
  void fileWhosePublicKeyDoesNotMatchIsRefused() throws IOException {
    Path file = dir.resolve("node_key.json");
    write(file, "{\"id\": \"" + ID + "\", \"public_key\": \"" + "11".repeat(32)
        + "\", \"private_key\": \"" + SEED + "\"}");
    IOException error = assertThrows(IOException.class, () -> NodeKey.load(file));
    assertTrue(error.getMessage().contains("public_key does not match"), error.getMessage());
  }

  @Test
  void brokenFilesGetClearErrors() throws IOException {
    Path file = dir.resolve("node_key.json");
    write(file, "{not json");
    assertTrue(assertThrows(IOException.class, () -> NodeKey.load(file)).getMessage()
        .contains("not valid JSON"));
    write(file, "{\"id\": \"" + ID + "\", \"public_key\": \"" + PUBLIC_KEY + "\"}");
    assertTrue(assertThrows(IOException.class, () -> NodeKey.load(file)).getMessage()
        .contains("missing private_key"));
    write(file, "{\"id\": \"" + ID + "\", \"public_key\": \"" + PUBLIC_KEY
        + "\", \"private_key\": \"abcd\"}");
    assertTrue(assertThrows(IOException.class, () -> NodeKey.load(file)).getMessage()
        .contains("bad private_key"));
    assertThrows(java.nio.file.NoSuchFileException.class,
        () -> NodeKey.load(dir.resolve("missing.json")));
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
