package io.cybergraph.node.home;

import java.nio.file.Path;

/**
 * Where a node's files live (design "Home folder"):
 *
 * <pre>
 * HOME/
 *   config/config.toml              how this node runs
 *   config/genesis.json             what the chain agreed before block 1
 *   config/node_key.json            p2p identity key (0600)
 *   config/priv_validator_key.json  consensus signing key (0600)
 *   data/                           RocksDB, WAL, our proposed blocks, last-signed state, genesis hash
 *   keys/NAME.json                  account keys of the local keyring (0600, folder 0700)
 * </pre>
 */
public record NodeHome(Path root) {

  /** The environment variable that overrides the default home. */
  public static final String ENV = "CYBER_HOME";

  public NodeHome {
    root = root.toAbsolutePath().normalize();
  }

  /** {@code $CYBER_HOME}, or {@code ~/.cyber}. */
  public static NodeHome defaultHome() {
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return new NodeHome(Path.of(env));
    }
    return new NodeHome(Path.of(System.getProperty("user.home"), ".cyber"));
  }

  public Path configDir() {
    return root.resolve("config");
  }

  public Path configToml() {
    return configDir().resolve("config.toml");
  }

  public Path genesisJson() {
    return configDir().resolve("genesis.json");
  }

  public Path nodeKeyJson() {
    return configDir().resolve("node_key.json");
  }

  public Path privValidatorKeyJson() {
    return configDir().resolve("priv_validator_key.json");
  }

  public Path dataDir() {
    return root.resolve("data");
  }

  /** Temporary files of the node (RocksDB's native library is unpacked here). */
  public Path tmpDir() {
    return root.resolve("tmp");
  }

  public Path keysDir() {
    return root.resolve("keys");
  }

  /** The local keyring in {@code keys/}. */
  public Keyring keyring() {
    return new Keyring(keysDir());
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
