package io.cybergraph.node.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {
  @TempDir Path dir;

  @Test
  void addGetListDelete() throws Exception {
    NodeHome home = new NodeHome(dir);
    Keyring keyring = home.keyring();
    assertEquals(List.of(), keyring.list());
    KeyPair bob = KeyPair.generate(new SecureRandom());
    KeyPair alice = KeyPair.generate(new SecureRandom());
    keyring.add("bob", bob);
    keyring.add("alice", alice);
    assertEquals("rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(home.keysDir())));
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(home.keysDir().resolve("bob.json"))));

    StoredKey got = keyring.get("bob");
    assertEquals(bob, got.keys());
    assertEquals(Address.toBech32(bob.address()), got.address());
    assertEquals(List.of("alice", "bob"), keyring.list().stream().map(StoredKey::name).toList());

    assertThrows(HomeException.class, () -> keyring.add("bob", alice));
    assertEquals(bob, keyring.get("bob").keys());

    keyring.delete("bob");
    assertFalse(keyring.exists("bob"));
    assertTrue(assertThrows(HomeException.class, () -> keyring.get("bob")).getMessage()
        .contains("no key named 'bob'"));
    assertThrows(HomeException.class, () -> keyring.delete("bob"));
    assertEquals(List.of("alice"), keyring.list().stream().map(StoredKey::name).toList());
  }

  @Test
  void namesCannotEscapeTheFolder() {
    Keyring keyring = new Keyring(dir);
    for (String bad : new String[] {"", "../x", "a/b", ".hidden", "a b", "x".repeat(65), "é"}) {
      assertThrows(IllegalArgumentException.class, () -> keyring.file(bad), bad);
    }
    assertEquals(dir.resolve("a.b-c_1.json"), keyring.file("a.b-c_1"));
  }

  @Test
  void aKeyFileWhoseAddressWasEditedIsRefused() throws Exception {
    Keyring keyring = new Keyring(dir);
    keyring.add("k", KeyPair.generate(new SecureRandom()));
    Path file = keyring.file("k");
    String text = Files.readString(file);
    String other = Address.toBech32(new byte[20]);
    Files.writeString(file, text.replaceAll("cyber1[a-z0-9]+", other));
    HomeException e = assertThrows(HomeException.class, () -> keyring.get("k"));
    assertTrue(e.getMessage().contains("does not match the key"), e.getMessage());
  }

  @Test
  void layout() {
    NodeHome home = new NodeHome(dir);
    assertEquals(dir.resolve("config/config.toml"), home.configToml());
    assertEquals(dir.resolve("config/genesis.json"), home.genesisJson());
    assertEquals(dir.resolve("config/node_key.json"), home.nodeKeyJson());
    assertEquals(dir.resolve("config/priv_validator_key.json"), home.privValidatorKeyJson());
    assertEquals(dir.resolve("data"), home.dataDir());
    assertEquals(dir.resolve("keys"), home.keysDir());
  }
}
