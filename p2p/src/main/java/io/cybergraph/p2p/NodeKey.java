package io.cybergraph.p2p;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import io.cybergraph.proto.crypto.KeyPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Ed25519 identity key ({@code config/node_key.json}). Its public key is carried in
 * the node's TLS certificate; its {@link NodeId} is what peers dial.
 *
 * <p>File format: {@code {"id": hex, "public_key": hex, "private_key": hex of the 32-byte
 * seed}}, mode 0600.
 */
public final class NodeKey {

  private static final Logger log = LoggerFactory.getLogger(NodeKey.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final HexFormat HEX = HexFormat.of();
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final KeyPair keyPair;
  private final NodeId id;

  private NodeKey(KeyPair keyPair) {
    this.keyPair = keyPair;
    this.id = NodeId.ofPublicKey(keyPair.publicKey());
  }

  /** The key of a 32-byte seed. */
  public static NodeKey fromSeed(byte[] seed) {
    return new NodeKey(KeyPair.fromSeed(seed));
  }

  /** A new random key. */
  public static NodeKey generate(SecureRandom random) {
    return new NodeKey(KeyPair.generate(random));
  }

  /** A new random key from a strong random source. */
  public static NodeKey generate() {
    return generate(new SecureRandom());
  }

  /** Loads the key file; the error names the file and what is wrong with it. */
  public static NodeKey load(Path file) throws IOException {
    KeyFile parsed;
    try {
      parsed = JSON.readValue(Files.readAllBytes(file), KeyFile.class);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "node key file does not exist");
    } catch (JacksonException e) {
      throw new IOException(
          "node key file " + file + " is not valid JSON: " + e.getOriginalMessage());
    }
    NodeKey key;
    try {
      key = fromSeed(HEX.parseHex(require(parsed.privateKey, "private_key", file)));
    } catch (IllegalArgumentException e) {
      throw new IOException("node key file " + file + ": bad private_key: " + e.getMessage());
    }
    String publicKey = require(parsed.publicKey, "public_key", file);
    if (!HEX.formatHex(key.publicKey()).equalsIgnoreCase(publicKey)) {
      throw new IOException("node key file " + file + ": public_key does not match private_key");
    }
    if (!key.id.hex().equalsIgnoreCase(require(parsed.id, "id", file))) {
      throw new IOException(
          "node key file " + file + ": id " + parsed.id + " does not match the key (" + key.id
              + ")");
    }
    warnIfReadableByOthers(file);
    return key;
  }

  /** Loads the key file, or creates it with a new random key if it does not exist. */
  public static NodeKey loadOrGenerate(Path file) throws IOException {
    if (Files.exists(file)) {
      return load(file);
    }
    NodeKey key = generate();
    key.save(file);
    log.info("generated node key {} in {}", key.id, file);
    return key;
  }

  /** Writes the key file atomically with mode 0600 (owner read/write only). */
  public void save(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = createOwnerOnlyFile(dir, file.getFileName() + ".tmp");
    try {
      KeyFile contents =
          new KeyFile(id.hex(), HEX.formatHex(publicKey()), HEX.formatHex(privateSeed()));
      JSON.writeValue(tmp.toFile(), contents);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public NodeId id() {
    return id;
  }

  /** The 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return keyPair.publicKey();
  }

  /** The 32-byte Ed25519 private seed: keep it secret. */
  public byte[] privateSeed() {
    return keyPair.seed();
  }

  /** Never prints the seed. */
  @Override
  public String toString() {
    return "NodeKey[" + id + "]";
  }

  private static Path createOwnerOnlyFile(Path dir, String name) throws IOException {
    Path tmp = dir.resolve(name);
    Files.deleteIfExists(tmp);
    try {
      return Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      return Files.createFile(tmp); // not a POSIX file system: rely on the folder's protection
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create " + tmp + ": it appeared while writing", e);
    }
  }

  private static void warnIfReadableByOthers(Path file) throws IOException {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(permissions)) {
        log.warn("node key file {} is readable by others ({}); chmod 600 it",
            file, PosixFilePermissions.toString(permissions));
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }

  private static String require(String value, String field, Path file) throws IOException {
    if (value == null || value.isEmpty()) {
      throw new IOException("node key file " + file + ": missing " + field);
    }
    return value;
  }

  /** The JSON shape of the file. */
  private record KeyFile(
      @JsonProperty("id") String id,
      @JsonProperty("public_key") String publicKey,
      @JsonProperty("private_key") String privateKey) {}
}
