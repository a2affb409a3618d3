package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.home.NodeHome;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
  @TempDir Path dir;

  private static final String SEED =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  @Test
  void addListShowDelete() throws Exception {
    String home = dir.toString();
    Cli.Result added = Cli.run("keys", "add", "bob", "--home", home).ok();
    NodeHome nodeHome = new NodeHome(dir);
    String bob = nodeHome.keyring().get("bob").address();
    assertTrue(added.out().contains("address:    " + bob), added.out());
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("keys/bob.json"))));
    Cli.run("keys", "add", "alice", "--home", home).ok();
    String alice = nodeHome.keyring().get("alice").address();

    String[] lines = Cli.run("keys", "list", "--home", home).ok().out().split("\n");
    assertEquals(2, lines.length);
    assertTrue(lines[0].startsWith("alice  " + alice + "  "), lines[0]);
    assertTrue(lines[1].startsWith("bob    " + bob + "  "), lines[1]);
    assertTrue(lines[1].endsWith(nodeHome.keyring().get("bob").publicKeyHex()));

    Cli.Result shown = Cli.run("keys", "show", "bob", "--home", home).ok();
    assertTrue(shown.out().contains("public_key: " + nodeHome.keyring().get("bob").publicKeyHex()));
    assertEquals(bob + "\n", Cli.run("keys", "show", "-a", "bob", "--home", home).ok().out());

    Cli.run("keys", "add", "bob", "--home", home).fails(2, "already exists");
    Cli.run("keys", "delete", "bob", "--home", home).fails(2, "add --yes to confirm");
    assertTrue(nodeHome.keyring().exists("bob"));
    Cli.run("keys", "delete", "bob", "--yes", "--home", home).ok();
    assertFalse(nodeHome.keyring().exists("bob"));
    Cli.run("keys", "show", "bob", "--home", home).fails(2, "no key named 'bob'");
    Cli.run("keys", "delete", "bob", "-y", "--home", home).fails(2, "no key named 'bob'");
    Cli.run("keys", "add", "../evil", "--home", home).fails(2, "invalid key name");
    assertEquals(1, Cli.run("keys", "list", "--home", home).ok().out().split("\n").length);
  }

  @Test
  void aDamagedKeyFileDoesNotHideTheOthers() throws Exception {
    String home = dir.toString();
    Cli.run("keys", "add", "alice", "--home", home).ok();
    Cli.run("keys", "add", "carol", "--home", home).ok();
    Files.writeString(dir.resolve("keys/bob.json"), "{broken");
    Cli.Result r = Cli.run("keys", "list", "--home", home).fails(2, "1 of 3 key files");
    String[] lines = r.out().split("\n");
    assertEquals(2, lines.length, r.out());
    assertTrue(lines[0].startsWith("alice "), lines[0]);
    assertTrue(lines[1].startsWith("carol "), lines[1]);
    assertTrue(r.err().contains("bob.json: not valid JSON"), r.err());
  }

  @Test
  void aKeyFileThatIsADeviceIsRefusedAndDoesNotHideTheOthers() throws Exception {
    String home = dir.toString();
    Cli.run("keys", "add", "alice", "--home", home).ok();
    Files.createSymbolicLink(dir.resolve("keys/zero.json"), Path.of("/dev/zero"));
    Cli.Result r = Cli.run("keys", "list", "--home", home).fails(2, "1 of 2 key files");
    assertTrue(r.out().startsWith("alice "), r.out());
    assertTrue(r.err().contains("zero.json: not a regular file"), r.err());
  }

  @Test
  void aKeyFileOverItsCapIsRefused() throws Exception {
    String home = dir.toString();
    Cli.run("keys", "add", "alice", "--home", home).ok();
    try (var f = new java.io.RandomAccessFile(dir.resolve("keys/big.json").toFile(), "rw")) {
      f.setLength(3L << 30); // sparse
    }
    Cli.run("keys", "show", "big", "--home", home)
        .fails(2, "big.json: too large (3221225472 bytes, at most 65536)");
  }

  @Test
  void aKeysFolderThatIsAFileIsNamedAsSuch() throws Exception {
    Files.writeString(dir.resolve("keys"), "");
    Cli.run("keys", "add", "a", "--home", dir.toString()).fails(2, "it is a file, not a folder");
  }

  @Test
  void anExplicitHomeThatDoesNotExistIsRefused() {
    String missing = dir.resolve("typo").toString();
    Cli.run("keys", "list", "--home", missing)
        .fails(2, "home " + missing + " does not exist (create one with 'cyber init");
    Cli.run("keys", "show", "bob", "--home", missing).fails(2, missing + " does not exist");
    Cli.run("query", "status", "--home", missing).fails(2, missing + " does not exist");
    Cli.run("show-node-id", "--home", missing).fails(2, missing + " does not exist");
    Cli.run("start", "--home", missing).fails(2, missing + " does not exist");
    Cli.run("keys", "add", "bob", "--home", missing).ok(); // adding a key may start a home
    Cli.run("keys", "list", "--home", missing).ok();
  }

  /** A mistyped $CYBER_HOME read as an empty keyring ("no keys in …", exit 0). */
  @Test
  void aCyberHomeThatDoesNotExistIsRefused() throws Exception {
    Path missing = dir.resolve("typo");
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CyberCommand.class.getName(),
        "keys", "list").redirectErrorStream(true);
    pb.environment().put(NodeHome.ENV, missing.toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.waitFor(), output);
    assertEquals("error: home " + missing + " ($CYBER_HOME) does not exist (create one with"
        + " 'cyber init --home " + missing + " --chain-id ID')", output.strip());
    assertFalse(Files.exists(missing));
  }

  @Test
  void emptyKeyringSaysSo() {
    Cli.Result r = Cli.run("keys", "list", "--home", dir.toString()).ok();
    assertEquals("", r.out());
    assertTrue(r.err().contains("no keys"));
  }

  @Test
  void recoverFromAHexSeedOnStdin() {
    String expected = Address.toBech32(KeyPair.fromSeed(HexFormat.of().parseHex(SEED)).address());
    withStdin(SEED + "\n", () -> Cli.run("keys", "add", "r", "--recover", "--home", dir.toString()).ok());
    assertEquals(expected + "\n",
        Cli.run("keys", "show", "r", "-a", "--home", dir.toString()).ok().out());
    withStdin("abcd\n", () -> Cli.run("keys", "add", "s", "--recover", "--home", dir.toString())
        .fails(2, "must be 32 bytes"));
    withStdin("zz\n", () -> Cli.run("keys", "add", "s", "--recover", "--home", dir.toString())
        .fails(2, "not hex"));
    withStdin("", () -> Cli.run("keys", "add", "s", "--recover", "--home", dir.toString())
        .fails(2, "no seed on stdin"));
    assertFalse(new NodeHome(dir).keyring().exists("s"));
  }

  private static void withStdin(String text, Runnable action) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    try {
      action.run();
    } finally {
      System.setIn(saved);
    }
  }
}
