package io.cybergraph.node.cli;

import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.HostPort;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.devnet.NewHome;
import io.cybergraph.node.home.IoErrors;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.NodeKeyFile;
import io.cybergraph.node.home.StoredKey;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cyber init}: a new home for a one-validator chain. Writes the node key, the validator
 * key, a genesis with that validator and one funded account whose key is {@code validator} in
 * the home's keyring, and a config.toml of defaults. With {@code --full-node}, a home that joins
 * an existing chain instead: its genesis file, a node key, and config.toml with the peers to
 * follow (no validator key, no account). Refuses a home that is not empty; on any failure it
 * removes what it wrote.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Create a new node home: keys, genesis (one validator, one funded account) and"
        + " config.toml; or, with --full-node, a home that follows an existing chain.")
final class InitCommand extends CliCommand {

  /** The keyring name of the funded account. */
  static final String ACCOUNT_KEY = NewHome.ACCOUNT_KEY;

  @Mixin HomeOption homeOption;

  @Option(names = "--chain-id", paramLabel = "ID",
      description = "Chain ID: 1-50 letters, digits, '.', '_' or '-' (required unless"
          + " --full-node, where it must match the genesis if given).")
  String chainId;

  @Option(names = "--full-node",
      description = "Join an existing chain as a full node (no validator key): needs --genesis.")
  boolean fullNode;

  @Option(names = "--genesis", paramLabel = "FILE",
      description = "With --full-node: the chain's genesis.json, copied byte for byte.")
  Path genesisFile;

  @Option(names = "--peers", paramLabel = "ID@HOST:PORT[,...]",
      description = "With --full-node: nodes to connect to and follow (config.toml"
          + " p2p.persistent_peers).")
  String peers;

  @Option(names = "--moniker", paramLabel = "NAME", defaultValue = "node",
      description = "This node's name (default: ${DEFAULT-VALUE}).")
  String moniker;

  @Option(names = "--balance", paramLabel = "AMOUNT", defaultValue = "1000000000000",
      description = "Genesis balance (= stake) of the account '" + ACCOUNT_KEY
          + "' (default: ${DEFAULT-VALUE}).")
  String balance;

  @Option(names = "--power", paramLabel = "N", defaultValue = "10",
      description = "Voting power of the validator (default: ${DEFAULT-VALUE}).")
  long power;

  @Option(names = "--base-port", paramLabel = "P",
      description = "Listen on P (p2p), P+1 (RPC) and P+2 (metrics) instead of 26656, 26657 and"
          + " 26660, e.g. to run a full node beside a validator on one machine.")
  Integer basePort;

  @Option(names = "--genesis-time", paramLabel = "RFC3339",
      description = "Genesis time, e.g. 2026-01-01T00:00:00Z (default: now).")
  String genesisTime;

  @Override
  protected void execute() {
    NodeHome home = homeOption.homeToCreate();
    if (fullNode) {
      FullNodeInit.run(this, home);
      return;
    }
    if (genesisFile != null || peers != null) {
      throw CliException.badInput("--genesis and --peers go with --full-node");
    }
    if (chainId == null) {
      throw CliException.badInput("--chain-id is required (or --full-node --genesis FILE)");
    }
    refuseUsedHome(home.root());
    NodeConfig config = new NodeConfig();
    config.moniker = moniker;
    applyBasePort(config);
    config.validate();

    SecureRandom random = new SecureRandom();
    KeyPair nodeKey = KeyPair.generate(random);
    KeyPair validatorKey = KeyPair.generate(random);
    KeyPair accountKey = KeyPair.generate(random);
    byte[] genesisBytes = GenesisLoader.toJson(genesis(validatorKey, accountKey));
    ChainGenesis checked = GenesisLoader.parse(genesisBytes, "genesis.json"); // before any write

    boolean createdRoot = !Files.exists(home.root());
    try {
      StoredKey account = NewHome.write(
          home, config, genesisBytes, new NewHome.Keys(nodeKey, validatorKey, accountKey));
      report(home, config, checked, nodeKey, validatorKey, account);
    } catch (IOException | RuntimeException e) {
      undo(home.root(), createdRoot);
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw CliException.failure(
          "cannot write " + home + ": " + IoErrors.describe((IOException) e));
    }
  }

  /** {@code --base-port P}: the listen ports P, P+1, P+2 on the default hosts. */
  void applyBasePort(NodeConfig config) {
    if (basePort == null) {
      return;
    }
    if (basePort < 1 || basePort > 65533) {
      throw CliException.badInput("--base-port must be in 1..65533, got " + basePort);
    }
    config.p2p.laddr = withPort(config.p2p.laddr, basePort);
    config.rpc.laddr = withPort(config.rpc.laddr, basePort + 1);
    config.metrics.laddr = withPort(config.metrics.laddr, basePort + 2);
  }

  private static String withPort(String laddr, int port) {
    return new HostPort(HostPort.parse(laddr).host(), port).toString();
  }

  private Genesis genesis(KeyPair validatorKey, KeyPair accountKey) {
    if (power <= 0) {
      throw CliException.badInput("--power must be > 0, got " + power);
    }
    Genesis g = new Genesis();
    g.chainId = chainId;
    g.block.maxMemoBytes = Genesis.BlockGenesis.DEFAULT_MAX_MEMO_BYTES;
    g.genesisTime = genesisTime != null
        ? genesisTime
        : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Genesis.GenesisValidator validator = new Genesis.GenesisValidator();
    validator.name = moniker;
    validator.publicKey = HexFormat.of().formatHex(validatorKey.publicKey());
    validator.power = power;
    g.validators.add(validator);
    Genesis.GenesisAccount account = new Genesis.GenesisAccount();
    account.name = ACCOUNT_KEY;
    account.address = Address.toBech32(accountKey.address());
    account.balance = balance;
    g.accounts.add(account);
    return g;
  }

  /** True when the option was given on the command line. */
  boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** A home is new when its folder is absent or empty. */
  static void refuseUsedHome(Path root) {
    NewHome.refuseUsed(root, "home", "--home");
  }

  /** Removes what this run wrote: everything in the (previously empty) home. */
  static void undo(Path root, boolean createdRoot) {
    NewHome.undo(root, createdRoot);
  }

  private void report(
      NodeHome home, NodeConfig config, ChainGenesis genesis, KeyPair nodeKey, KeyPair validatorKey,
      StoredKey account) {
    out().println("initialised " + home + " for chain " + genesis.chainId());
    out().println("  config/config.toml              moniker " + moniker
        + ", RPC " + config.rpc.laddr);
    out().println("  config/genesis.json             hash "
        + HexFormat.of().formatHex(genesis.hash()));
    out().println("  config/node_key.json            node id "
        + NodeKeyFile.nodeId(nodeKey.publicKey()));
    out().println("  config/priv_validator_key.json  validator "
        + Address.hex(validatorKey.address()) + ", power " + power);
    out().println("  keys/" + ACCOUNT_KEY + ".json             account " + account.address()
        + ", balance " + balance);
    out().println("  data/");
  }
}
