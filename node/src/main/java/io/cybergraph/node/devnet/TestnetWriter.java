package io.cybergraph.node.devnet;

import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.Genesis;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.NodeKeyFile;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;

/**
 * Writes the homes of a testnet into one output folder ({@code node0}, {@code node1}, ...):
 * every home gets its own node key, the same genesis bytes and a config.toml with its listen
 * addresses from the {@link TestnetLayout} and every other node as a persistent peer. Each
 * validator also gets its validator key and its funded account (keyring name {@value
 * NewHome#ACCOUNT_KEY}); full nodes get neither.
 *
 * <p>Everything is built and validated before the first write; the output folder must be
 * absent or empty, and a failure halfway removes what was written.
 */
public final class TestnetWriter {

  /** Every validator has the same voting power. */
  public static final long VALIDATOR_POWER = 10;
  /** Genesis balance (= stake) of each validator's account. */
  public static final String ACCOUNT_BALANCE = "1000000000000";
  /** RocksDB memory per node: small, since a devnet runs several nodes on one machine. */
  static final int BLOCK_CACHE_MB = 32;
  static final int WRITE_BUFFER_MB = 16;
  /**
   * The commit pause while txs wait: none, so a devnet under load makes blocks as fast as its
   * validators agree (an idle one keeps timeout_commit_ms, 1 s).
   */
  static final long BUSY_COMMIT_PAUSE_MS = 0;

  /** Inbound connections per address beyond one per other node on the host. */
  static final int RECONNECT_SLACK = 2;

  private final TestnetLayout layout;
  private final String chainId;
  private final String genesisTime;
  private final SecureRandom random;

  /**
   * @param genesisTime RFC 3339 time of block 1
   */
  public TestnetWriter(
      TestnetLayout layout, String chainId, String genesisTime, SecureRandom random) {
    this.layout = layout;
    this.chainId = chainId;
    this.genesisTime = genesisTime;
    this.random = random;
  }

  /** What was written for one node. */
  public record WrittenNode(TestnetNode node, NodeHome home, String nodeId, NewHome.Keys keys) {}

  /** The written testnet: its genesis (as validated) and its nodes in layout order. */
  public record Testnet(ChainGenesis genesis, List<WrittenNode> nodes) {}

  /**
   * Writes the homes into {@code output}. Throws {@link
   * io.cybergraph.node.config.ConfigException} for an invalid genesis or config (nothing
   * written), {@link io.cybergraph.node.home.HomeException} for a used output folder, and
   * {@link IOException} when writing fails (what was written is removed).
   */
  public Testnet write(Path output) throws IOException {
    List<NewHome.Keys> keys = new ArrayList<>();
    for (TestnetNode node : layout.nodes()) {
      keys.add(new NewHome.Keys(
          KeyPair.generate(random),
          node.validator() ? KeyPair.generate(random) : null,
          node.validator() ? KeyPair.generate(random) : null));
    }
    byte[] genesisJson = GenesisLoader.toJson(genesis(keys));
    ChainGenesis genesis = GenesisLoader.parse(genesisJson, "genesis.json"); // before any write
    List<NodeConfig> configs = new ArrayList<>();
    for (TestnetNode node : layout.nodes()) {
      NodeConfig config = config(node, keys);
      config.validate();
      configs.add(config);
    }

    NewHome.refuseUsed(output, "output", "--output");
    boolean createdOutput = !Files.exists(output);
    List<WrittenNode> written = new ArrayList<>();
    try {
      Files.createDirectories(output);
      for (TestnetNode node : layout.nodes()) {
        NodeHome home = new NodeHome(output.resolve(node.folder()));
        NewHome.Keys nodeKeys = keys.get(node.index());
        NewHome.write(home, configs.get(node.index()), genesisJson, nodeKeys);
        written.add(new WrittenNode(node, home, nodeId(nodeKeys), nodeKeys));
      }
    } catch (IOException | RuntimeException e) {
      NewHome.undo(output, createdOutput);
      throw e;
    }
    return new Testnet(genesis, written);
  }

  private Genesis genesis(List<NewHome.Keys> keys) {
    Genesis g = new Genesis();
    g.chainId = chainId;
    g.block.maxMemoBytes = Genesis.BlockGenesis.DEFAULT_MAX_MEMO_BYTES;
    g.genesisTime = genesisTime;
    for (TestnetNode node : layout.validators()) {
      NewHome.Keys nodeKeys = keys.get(node.index());
      Genesis.GenesisValidator validator = new Genesis.GenesisValidator();
      validator.name = node.moniker();
      validator.publicKey = HexFormat.of().formatHex(nodeKeys.validatorKey().publicKey());
      validator.power = VALIDATOR_POWER;
      g.validators.add(validator);
      Genesis.GenesisAccount account = new Genesis.GenesisAccount();
      account.name = node.moniker();
      account.address = Address.toBech32(nodeKeys.accountKey().address());
      account.balance = ACCOUNT_BALANCE;
      g.accounts.add(account);
    }
    return g;
  }

  private NodeConfig config(TestnetNode node, List<NewHome.Keys> keys) {
    NodeConfig config = new NodeConfig();
    config.moniker = node.moniker();
    config.p2p.laddr = node.p2pLaddr();
    config.p2p.externalAddress = node.externalAddress();
    StringJoiner peers = new StringJoiner(",");
    for (TestnetNode other : layout.nodes()) {
      if (other.index() != node.index()) {
        peers.add(nodeId(keys.get(other.index())) + "@" + other.externalAddress());
      }
    }
    config.p2p.persistentPeers = peers.toString();
    // on 127.0.0.1 every other node connects from the node's own address: let them all in,
    // with room for a reconnect's new connection while the old one is not yet closed
    config.p2p.maxInboundPerIp =
        Math.max(config.p2p.maxInboundPerIp, layout.mostNodesOnOneHost() - 1 + RECONNECT_SLACK);
    config.rpc.laddr = node.rpcLaddr();
    config.metrics.laddr = node.metricsLaddr();
    config.store.blockCacheMb = BLOCK_CACHE_MB;
    config.store.writeBufferMb = WRITE_BUFFER_MB;
    config.consensus.timeoutCommitBusyMs = BUSY_COMMIT_PAUSE_MS;
    return config;
  }

  private static String nodeId(NewHome.Keys keys) {
    return NodeKeyFile.nodeId(keys.nodeKey().publicKey());
  }
}
