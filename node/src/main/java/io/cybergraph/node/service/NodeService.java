package io.cybergraph.node.service;

import io.cybergraph.node.chain.CyberNode;
import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.HostPort;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.consensus.BftEngine;
import io.cybergraph.node.consensus.ConsensusReactor;
import io.cybergraph.node.consensus.ConsensusWiring;
import io.cybergraph.node.evidence.EquivocatingNetwork;
import io.cybergraph.node.metrics.MetricsServer;
import io.cybergraph.node.metrics.NodeMetrics;
import io.cybergraph.node.net.NodeNetwork;
import io.cybergraph.node.rankpipe.RankHaltException;
import io.cybergraph.node.rankpipe.RankPipeline;
import io.cybergraph.node.rankpipe.RankQueries;
import io.cybergraph.node.rankpipe.RankSnapshot;
import io.cybergraph.node.rpc.GenesisHandler;
import io.cybergraph.node.rpc.HealthHandler;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.rpc.RpcRoutes;
import io.cybergraph.node.rpc.RpcServer;
import io.cybergraph.node.rpc.handlers.ChainHandlers;
import io.cybergraph.node.rpc.handlers.ConsensusHandlers;
import io.cybergraph.node.rpc.handlers.EvidenceHandlers;
import io.cybergraph.node.rpc.handlers.GraphHandlers;
import io.cybergraph.node.rpc.handlers.NodeInfo;
import io.cybergraph.node.rpc.handlers.QueryHandlers;
import io.cybergraph.node.rpc.handlers.RankHandlers;
import io.cybergraph.node.rpc.handlers.TxHandlers;
import io.cybergraph.node.sync.SnapshotSettings;
import io.cybergraph.node.sync.StoreBlockSource;
import io.cybergraph.p2p.NodeKey;
import io.cybergraph.proto.crypto.KeyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node with its services: the {@link CyberNode} (store, state, rank thread, block
 * engine), its {@link NodeNetwork} (p2p, tx gossip, block sync: a node that makes no blocks
 * follows the chain through it), the RPC server with every handler, and the Prometheus
 * exporter. {@link #close} stops RPC first (no reads of a closing store), then the network,
 * then the node, then metrics.
 */
public final class NodeService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

  private final CyberNode node;
  private final NodeNetwork network;
  private final RpcServer rpc;
  private final MetricsServer metricsServer;
  private final InetSocketAddress rpcAddress;
  private boolean closed;

  private NodeService(CyberNode node, NodeNetwork network, RpcServer rpc,
      InetSocketAddress rpcAddress, MetricsServer metricsServer) {
    this.node = node;
    this.network = network;
    this.rpc = rpc;
    this.rpcAddress = rpcAddress;
    this.metricsServer = metricsServer;
  }

  /**
   * Opens the node on {@code dataDir}, serves RPC and metrics, then starts the rank thread,
   * the block engine and the network.
   *
   * @param genesisBytes the genesis file's exact bytes (served by {@code /genesis})
   * @param validatorKey the validator key, or null for a full node
   * @param nodeKey the p2p identity (its ID is shown by {@code /status})
   * @throws java.io.UncheckedIOException if the p2p listen address cannot be bound
   */
  public static NodeService start(NodeConfig config, ChainGenesis genesis, byte[] genesisBytes,
      KeyPair validatorKey, NodeKey nodeKey, Path dataDir, String version) {
    CyberNode node = CyberNode.open(config, genesis, validatorKey, dataDir);
    RpcServer rpc = null;
    MetricsServer metricsServer = null;
    NodeNetwork network = null;
    BftEngine bft = null;
    String nodeId = nodeKey.id().hex();
    try {
      // equivocation the engine sees becomes pending evidence (proposed in later blocks)
      bft = node.consensusValidator()
          ? ConsensusWiring.engine(node, dataDir, node.evidence()::report) : null;
      if (bft != null && config.consensus.unsafeEquivocate) { // tests only, see evidence.md
        bft.wrapOwnMessages(n -> new EquivocatingNetwork(n, validatorKey, genesis.chainId()));
      }
      if (bft != null) {
        node.attachEngine(bft); // closed with the node from here on
      }
      // a node that makes no blocks applies the validators' blocks through block sync; a
      // consensus validator does too while it is behind, on the consensus thread
      network = new NodeNetwork(config, nodeKey, genesis, node.mempool(),
          new StoreBlockSource(node.store()),
          node.producing() ? null
              : bft != null ? bft.syncApplier(node.blockApplier()) : node.blockApplier(),
          bft != null, node::halt);
      network.withRankSnapshots(node.focusSource(),
          node.producing() ? null : node.focusTarget(),
          SnapshotSettings.defaults().with(config.rank.snapshotSync,
              config.rank.snapshotSyncMinBlocks));
      network.gossipEvidence(node.evidence());
      NodeNetwork net = network;
      if (bft != null) {
        bft.connect(new ConsensusReactor(network.p2p(), bft.book(), bft,
            ConsensusReactor.Settings.DEFAULT), net::behind);
      }
      node.addCommitListener(e -> net.committed(e.height()));
      NodeMetrics metrics = new NodeMetrics();
      observe(node, metrics);
      metricsServer = MetricsServer.startIfEnabled(config.metrics, metrics);
      RpcRoutes routes = new RpcRoutes();
      rpc = new RpcServer(RpcServer.Settings.from(config.rpc), routes);
      java.util.concurrent.atomic.AtomicReference<NodeInfo> info =
          new java.util.concurrent.atomic.AtomicReference<>(
              new NodeInfo(nodeId, config.moniker, version, config.p2p.laddr, config.rpc.laddr));
      routes.register(RpcEndpoint.HEALTH, new HealthHandler());
      routes.register(RpcEndpoint.GENESIS, new GenesisHandler(genesisBytes));
      new ChainHandlers(node, info::get, () -> net.syncStatus().catchingUp()).register(routes);
      new TxHandlers(node, net::submitTx).register(routes);
      network.registerRpc(routes);
      new GraphHandlers(node).register(routes);
      new EvidenceHandlers(node).register(routes);
      RankQueries rankQueries = new RankQueries(node.genesis().rankParams());
      new RankHandlers(node, rankQueries).register(routes);
      new QueryHandlers(node, rankQueries).register(routes);
      BftEngine consensus = bft;
      new ConsensusHandlers(node, consensus == null ? null : consensus::state).register(routes);
      InetSocketAddress bound = rpc.start();
      info.set(new NodeInfo(nodeId, config.moniker, version, config.p2p.laddr,
          new HostPort(bound.getHostString(), bound.getPort()).toString()));
      node.start();
      try {
        network.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      InetSocketAddress p2p = network.p2p().listenAddress();
      info.set(new NodeInfo(nodeId, config.moniker, version,
          new HostPort(p2p.getHostString(), p2p.getPort()).toString(),
          new HostPort(bound.getHostString(), bound.getPort()).toString()));
      return new NodeService(node, network, rpc, bound, metricsServer);
    } catch (RuntimeException e) {
      if (rpc != null) {
        rpc.close();
      }
      if (network != null) {
        network.close();
      }
      if (metricsServer != null) {
        metricsServer.close();
      }
      node.close();
      throw e;
    }
  }

  /** Feeds the metrics from commits and rank results. */
  private static void observe(CyberNode node, NodeMetrics metrics) {
    node.addCommitListener(e -> {
      metrics.blockCommitted(e.height(), e.intervalNanos(), e.execution().txHashes().size(),
          e.execution().links().size());
      metrics.mempoolSize(e.mempool().pending());
    });
    node.addRankListener(new RankPipeline.Listener() {
      @Override
      public void computed(RankSnapshot s) {
        metrics.rankComputed(s.height(), s.computeMillis(), s.iterations(), s.delta(),
            s.particles(), s.links());
      }

      @Override
      public void halted(RankHaltException error) {}
    });
  }

  public CyberNode node() {
    return node;
  }

  public NodeNetwork network() {
    return network;
  }

  /** The address RPC listens on (the bound port when config.toml asked for port 0). */
  public InetSocketAddress rpcAddress() {
    return rpcAddress;
  }

  /** The metrics port, or -1 when metrics are disabled. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.port();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    rpc.close();
    network.close();
    node.close();
    if (metricsServer != null) {
      metricsServer.close();
    }
    LOG.info("stopped");
  }
}
