package io.cybergraph.node.cli;

import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.CappedFile;
import io.cybergraph.node.home.IoErrors;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.NodeKeyFile;
import io.cybergraph.node.home.SecretFiles;
import io.cybergraph.p2p.PeerAddress;
import io.cybergraph.proto.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code cyber init --full-node --genesis FILE [--peers ID@HOST:PORT,...]}: a home that joins an
 * existing chain. The genesis is validated and copied byte for byte (its hash is the chain's
 * identity); config.toml gets the moniker and the peers as {@code p2p.persistent_peers}; a new
 * node key is written. No validator key and no account: the node follows the chain through
 * block sync.
 */
final class FullNodeInit {
  private FullNodeInit() {}

  static void run(InitCommand cmd, NodeHome home) {
    if (cmd.genesisFile == null) {
      throw CliException.badInput("--full-node needs --genesis FILE (the chain's genesis.json)");
    }
    for (String option : new String[] {"--balance", "--power", "--genesis-time"}) {
      if (cmd.given(option)) {
        throw CliException.badInput(option + " does not apply to --full-node: the genesis is given");
      }
    }
    byte[] genesisBytes;
    try {
      genesisBytes = CappedFile.read(cmd.genesisFile, CappedFile.GENESIS_MAX);
    } catch (IOException e) {
      throw CliException.badInput("cannot read " + cmd.genesisFile + ": " + io.cybergraph.node.home.IoErrors.describe(e));
    }
    ChainGenesis genesis = GenesisLoader.parse(genesisBytes, cmd.genesisFile.toString());
    if (cmd.chainId != null && !cmd.chainId.equals(genesis.chainId())) {
      throw CliException.badInput("--chain-id " + cmd.chainId + " does not match the genesis ("
          + genesis.chainId() + ")");
    }
    NodeConfig config = new NodeConfig();
    config.moniker = cmd.moniker;
    config.p2p.persistentPeers = String.join(",", peers(cmd.peers));
    cmd.applyBasePort(config);
    config.validate();
    InitCommand.refuseUsedHome(home.root());

    KeyPair nodeKey = KeyPair.generate(new SecureRandom());
    boolean createdRoot = !Files.exists(home.root());
    try {
      Files.createDirectories(home.configDir());
      ConfigLoader.write(config, home.configToml());
      if (Files.exists(home.genesisJson())) {
        throw new java.nio.file.FileAlreadyExistsException(home.genesisJson().toString());
      }
      // synced like the keys: a power loss must not leave an empty genesis behind
      new io.cybergraph.node.home.DurableFile(home.genesisJson()).write(genesisBytes);
      NodeKeyFile.write(home.nodeKeyJson(), nodeKey);
      SecretFiles.createOwnerOnlyDir(home.dataDir());
    } catch (IOException | RuntimeException e) {
      InitCommand.undo(home.root(), createdRoot);
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw CliException.failure(
          "cannot write " + home + ": " + IoErrors.describe((IOException) e));
    }
    cmd.out().println("initialised " + home + " as a full node of chain " + genesis.chainId());
    cmd.out().println("  config/config.toml    moniker " + config.moniker + ", peers "
        + (config.p2p.persistentPeers.isEmpty() ? "none" : config.p2p.persistentPeers)
        + ", RPC " + config.rpc.laddr);
    cmd.out().println("  config/genesis.json   hash " + HexFormat.of().formatHex(genesis.hash()));
    cmd.out().println("  config/node_key.json  node id " + NodeKeyFile.nodeId(nodeKey.publicKey()));
    cmd.out().println("  data/");
  }

  /** The peers in canonical form; the error names the bad one. */
  private static List<String> peers(String list) {
    List<String> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    for (String part : list.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        out.add(PeerAddress.parse(part).toString());
      } catch (IllegalArgumentException e) {
        throw CliException.badInput("--peers: " + e.getMessage());
      }
    }
    return out;
  }
}
