package io.cybergraph.node.home;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Account keys in a folder ({@code HOME/keys}, mode 0700): one file {@code NAME.json} per key,
 * {@code {"name", "address", "public_key", "private_key"}}, mode 0600 (see {@link KeyFiles}).
 * The seeds are stored unencrypted: the folder's permissions are the protection, as for the
 * node's own keys.
 */
public final class Keyring {

  /** Key names: letters, digits, '.', '_' and '-', 1..64 characters, not starting with '.'. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

  private static final String WHAT = "key file";
  private static final String SUFFIX = ".json";

  private final Path dir;

  public Keyring(Path dir) {
    this.dir = dir;
  }

  /** Throws {@link IllegalArgumentException} unless {@code name} is a valid key name. */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid key name " + io.cybergraph.proto.Texts.quote(name)
              + ": use 1-64 letters, digits, '.', '_' or '-', not starting with '.'");
    }
    return name;
  }

  public Path dir() {
    return dir;
  }

  public Path file(String name) {
    return dir.resolve(checkName(name) + SUFFIX);
  }

  public boolean exists(String name) {
    return Files.exists(file(name));
  }

  /** Stores a new key; {@link HomeException} when the name is taken. */
  public StoredKey add(String name, KeyPair key) {
    Path file = file(name);
    if (Files.exists(file)) {
      throw new HomeException("a key named '" + name + "' already exists (" + file + ")");
    }
    SecretFiles.createOwnerOnlyDir(dir);
    ObjectNode node = KeyFiles.keyObject();
    node.put("name", name);
    node.put("address", Address.toBech32(key.address()));
    KeyFiles.putKeys(node, key);
    KeyFiles.write(file, node);
    return new StoredKey(name, key);
  }

  /** The key named {@code name}; {@link HomeException} when there is none or it is damaged. */
  public StoredKey get(String name) {
    Path file = file(name);
    if (!Files.exists(file)) {
      throw new HomeException("no key named '" + name + "' in " + dir);
    }
    JsonNode node = KeyFiles.read(file, WHAT);
    KeyPair key = KeyFiles.keyPair(node, file, WHAT);
    String address = KeyFiles.text(node, "address", file, WHAT);
    if (!address.equals(Address.toBech32(key.address()))) {
      throw new HomeException(
          WHAT + " " + file + ": address " + address + " does not match the key");
    }
    return new StoredKey(name, key);
  }

  /** Every key, sorted by name (none when the folder does not exist). */
  public List<StoredKey> list() {
    List<StoredKey> keys = new ArrayList<>();
    for (String name : names()) {
      keys.add(get(name));
    }
    return keys;
  }

  /** The names of the key files, sorted (none when the folder does not exist). */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        if (NAME.matcher(name).matches()) {
          names.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new HomeException("cannot list " + dir + ": " + IoErrors.describe(e), e);
    }
    names.sort(null);
    return names;
  }

  /** Deletes the key's file; {@link HomeException} when there is none. */
  public void delete(String name) {
    Path file = file(name);
    try {
      if (!Files.deleteIfExists(file)) {
        throw new HomeException("no key named '" + name + "' in " + dir);
      }
    } catch (IOException e) {
      throw new HomeException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }
}
