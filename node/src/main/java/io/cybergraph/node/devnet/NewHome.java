package io.cybergraph.node.devnet;

import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.HomeException;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.NodeKeyFile;
import io.cybergraph.node.home.SecretFiles;
import io.cybergraph.node.home.StoredKey;
import io.cybergraph.node.home.ValidatorKeyFile;
import io.cybergraph.proto.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes the files of a new node home ({@link NodeHome}'s layout), for {@code cyber init} and
 * {@code cyber testnet}. A home without a validator key is a full node: it follows the chain
 * and never signs (the node knows it is a full node by the absence of {@code
 * config/priv_validator_key.json}).
 */
public final class NewHome {

  /** The keyring name of a validator's funded account. */
  public static final String ACCOUNT_KEY = "validator";

  private NewHome() {}

  /**
   * The keys of one home.
   *
   * @param validatorKey the consensus key, or null for a full node
   * @param accountKey the funded account stored as {@link #ACCOUNT_KEY}, or null for none
   */
  public record Keys(KeyPair nodeKey, KeyPair validatorKey, KeyPair accountKey) {
    public boolean isValidator() {
      return validatorKey != null;
    }
  }

  /**
   * Writes config.toml, genesis.json, the node key, the validator key and the account key (when
   * given) and an owner-only {@code data/}. The home must be new (see {@link #refuseUsed}); key
   * files are never overwritten. Returns the stored account key, or null.
   */
  public static StoredKey write(NodeHome home, NodeConfig config, byte[] genesisJson, Keys keys)
      throws IOException {
    Files.createDirectories(home.configDir());
    ConfigLoader.write(config, home.configToml());
    if (Files.exists(home.genesisJson())) {
      throw new java.nio.file.FileAlreadyExistsException(home.genesisJson().toString());
    }
    // synced like the keys: a power loss must not leave an empty genesis behind
    new io.cybergraph.node.home.DurableFile(home.genesisJson()).write(genesisJson);
    NodeKeyFile.write(home.nodeKeyJson(), keys.nodeKey());
    if (keys.validatorKey() != null) {
      ValidatorKeyFile.write(home.privValidatorKeyJson(), keys.validatorKey());
    }
    StoredKey account = null;
    if (keys.accountKey() != null) {
      account = home.keyring().add(ACCOUNT_KEY, keys.accountKey());
    }
    SecretFiles.createOwnerOnlyDir(home.dataDir());
    return account;
  }

  /**
   * Refuses a folder that is a file or not empty ({@link HomeException}, a bad-input error);
   * an absent or empty folder is fine.
   *
   * @param what how the message names the folder, e.g. "home"
   * @param option the option that chose it, e.g. "--home"
   */
  public static void refuseUsed(Path root, String what, String option) {
    if (!Files.exists(root)) {
      return;
    }
    if (!Files.isDirectory(root)) {
      throw new HomeException(what + " " + root + " is a file, not a folder");
    }
    try (Stream<Path> entries = Files.list(root)) {
      if (entries.findAny().isPresent()) {
        throw new HomeException(what + " " + root
            + " is not empty; refusing to overwrite it (choose another " + option + ")");
      }
    } catch (IOException e) {
      throw new HomeException("cannot read " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes what a failed run wrote into a folder that was new: everything in it, and the
   * folder itself when the run created it. Best effort: the error that caused the undo is the
   * one to report.
   */
  public static void undo(Path root, boolean createdRoot) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder())
          .filter(p -> createdRoot || !p.equals(root))
          .forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // best effort, see above
    }
  }
}
