package io.cybergraph.node.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybergraph.node.cli.Cli;
import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.ValidatorKeyFile;
import io.cybergraph.node.net.FreePort;
import io.cybergraph.node.net.NodeKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A one-validator node of a fresh {@code cyber init} home, running in this JVM with a real
 * store and its RPC on a free port of 127.0.0.1, sized for tests (small caches, one rank
 * thread, no metrics, p2p on any port).
 *
 * @param service the running node
 * @param home its home (keys for {@code cyber tx --home})
 * @param rpcPort where its RPC listens
 */
public record SmallNode(NodeService service, NodeHome home, int rpcPort) implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Initialises {@code home} for {@code chainId} and starts its node, one block per period. */
  public static SmallNode start(Path home, String chainId, long blockMillis) throws Exception {
    return start(home, chainId, blockMillis, null);
  }

  /** The same, with the written genesis edited first (e.g. another rank lag); null: as written. */
  public static SmallNode start(Path home, String chainId, long blockMillis,
      Consumer<ObjectNode> editGenesis) throws Exception {
    Cli.run("init", "--home", home.toString(), "--chain-id", chainId).ok();
    NodeHome h = new NodeHome(home);
    NodeConfig config = ConfigLoader.load(h.configToml());
    int port = FreePort.any();
    config.rpc.laddr = "127.0.0.1:" + port;
    config.p2p.laddr = "127.0.0.1:0";
    config.metrics.enabled = false;
    config.consensus.timeoutCommitMs = blockMillis;
    config.rank.threads = 1;
    config.store.blockCacheMb = 8;
    config.store.writeBufferMb = 8;
    ConfigLoader.write(config, h.configToml());
    if (editGenesis != null) {
      ObjectNode edited = (ObjectNode) JSON.readTree(h.genesisJson().toFile());
      editGenesis.accept(edited);
      Files.write(h.genesisJson(), JSON.writeValueAsBytes(edited));
    }
    byte[] genesis = Files.readAllBytes(h.genesisJson());
    NodeService service = NodeService.start(config, GenesisLoader.parse(genesis, "genesis"),
        genesis, ValidatorKeyFile.read(h.privValidatorKeyJson()), NodeKeys.load(h), h.dataDir(),
        "test");
    return new SmallNode(service, h, port);
  }

  public String url() {
    return "http://127.0.0.1:" + rpcPort;
  }

  @Override
  public void close() {
    service.close();
  }
}
